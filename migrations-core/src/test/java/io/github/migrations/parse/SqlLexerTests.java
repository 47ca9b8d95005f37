package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.dialect.h2.H2Dialect;
import io.github.migrations.dialect.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link SqlLexer}, {@link Tokens} and the tokens of {@link SqlStatement}: one vendor's lexical rules
 * read once, for the splitter, the linter, the pre-flight table finder and the session-change
 * detection.
 */
class SqlLexerTests {

	private static final LexicalRules POSTGRES = PostgresDialect.LEXICAL_RULES;

	private static final LexicalRules H2 = H2Dialect.LEXICAL_RULES;

	@Test
	void keepsTheParenthesisDepthOfEachToken() {
		List<Token> tokens = Tokens.of(POSTGRES, "f(a, (b)) c", 1);
		assertThat(tokens).extracting(Token::text, Token::depth)
			.containsExactly(tuple("f", 0), tuple("(", 0), tuple("a", 1), tuple(",", 1), tuple("(", 1),
					tuple("b", 2), tuple(")", 1), tuple(")", 0), tuple("c", 0));
	}

	@Test
	void tellsQuotedIdentifiersFromWordsAndStrings() {
		List<Token> tokens = Tokens.of(POSTGRES, "\"Weird \"\"name\" json 'json'", 1);
		assertThat(tokens).extracting(Token::kind, Token::text)
			.containsExactly(tuple(TokenKind.QUOTED_IDENTIFIER, "Weird \"name"), tuple(TokenKind.WORD, "json"),
					tuple(TokenKind.STRING, "'json'"));
	}

	@Test
	void neverGoesBelowDepthZeroOnUnbalancedParentheses() {
		assertThat(Tokens.of(POSTGRES, ")) a (", 1)).extracting(Token::depth).containsExactly(0, 0, 0, 0);
	}

	@Test
	void readsEveryKindOfTokenWithItsOffsetsAndLine() {
		String text = "SELECT E'a\\'b', U&'c', B'1', X'f', $t$ ; $t$, \"Q\"\"x\", U&\"u\" -- note\n"
				+ "/* a /* nested */ b */ 1.5e-3 .5 1_000 $1::int;\r\nx";
		List<Object[]> tokens = new ArrayList<>();
		SqlLexer lexer = new SqlLexer(POSTGRES, text, 10);
		for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
			assertThat(lexer.terminated()).isTrue();
			tokens.add(new Object[] { kind, text.substring(lexer.start(), lexer.end()), lexer.line() });
		}
		assertThat(tokens).extracting((t) -> tuple(t)).containsExactly(tuple(TokenKind.WORD, "SELECT", 10),
				tuple(TokenKind.STRING, "E'a\\'b'", 10), tuple(TokenKind.SYMBOL, ",", 10),
				tuple(TokenKind.STRING, "U&'c'", 10), tuple(TokenKind.SYMBOL, ",", 10),
				tuple(TokenKind.STRING, "B'1'", 10), tuple(TokenKind.SYMBOL, ",", 10),
				tuple(TokenKind.STRING, "X'f'", 10), tuple(TokenKind.SYMBOL, ",", 10),
				tuple(TokenKind.STRING, "$t$ ; $t$", 10), tuple(TokenKind.SYMBOL, ",", 10),
				tuple(TokenKind.QUOTED_IDENTIFIER, "\"Q\"\"x\"", 10), tuple(TokenKind.SYMBOL, ",", 10),
				tuple(TokenKind.QUOTED_IDENTIFIER, "U&\"u\"", 10), tuple(TokenKind.COMMENT, "-- note", 10),
				tuple(TokenKind.COMMENT, "/* a /* nested */ b */", 11), tuple(TokenKind.NUMBER, "1.5e-3", 11),
				tuple(TokenKind.NUMBER, ".5", 11), tuple(TokenKind.NUMBER, "1_000", 11),
				tuple(TokenKind.SYMBOL, "$1", 11), tuple(TokenKind.SYMBOL, "::", 11), tuple(TokenKind.WORD, "int", 11),
				tuple(TokenKind.STATEMENT_END, ";", 11), tuple(TokenKind.WORD, "x", 12));
	}

	@Test
	void countsLinesInsideTokensWithAnyLineEnding() {
		SqlLexer lexer = new SqlLexer(POSTGRES, "'a\r\nb\rc\nd' /* \n\n */ $$\r$$ x", 1);
		List<Integer> lines = new ArrayList<>();
		while (lexer.next() != null) {
			lines.add(lexer.line());
		}
		assertThat(lines).containsExactly(1, 4, 6, 7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "'open", "E'open\\'", "\"open", "$a$ open $b$", "/* open /* */", "U&'open" })
	void marksAQuoteOrCommentLeftOpenAndRunsItToTheEnd(String open) {
		String text = "SELECT " + open;
		SqlLexer lexer = new SqlLexer(POSTGRES, text, 1);
		lexer.next();
		lexer.next();
		assertThat(lexer.terminated()).isFalse();
		assertThat(lexer.start()).isEqualTo(7);
		assertThat(lexer.end()).isEqualTo(text.length());
		assertThat(lexer.next()).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			1e'x'     | NUMBER 1, STRING e'x'
			1END      | NUMBER 1, WORD END
			x1e5      | WORD x1e5
			$1abc     | SYMBOL $1, WORD abc
			$abc      | SYMBOL $, WORD abc
			a$b$c     | WORD a$b$c
			xE'a'     | WORD xE, STRING 'a'
			a--b      | WORD a, COMMENT --b
			a-/b      | WORD a, SYMBOL -, SYMBOL /, WORD b
			""")
	void readsTokensThatTouchAsPostgresDoes(String text, String expected) {
		assertThat(kindsAndTexts(POSTGRES, text)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			// c\\nx            | COMMENT // c, WORD x
			/* a /* b */ c */   | COMMENT /* a /* b */, WORD c, SYMBOL *, SYMBOL /
			$a$ b $a$           | SYMBOL $, WORD a$, WORD b, SYMBOL $, WORD a$
			E'\\'               | WORD E, STRING '\\'
			$$ x $$             | STRING $$ x $$
			""")
	void readsH2sRules(String text, String expected) {
		assertThat(kindsAndTexts(H2, text.replace("\\n", "\n"))).isEqualTo(expected);
	}

	@Test
	void foldsWordsAsTheDatabaseDoes() {
		assertThat(Tokens.of(POSTGRES, "Orders \"Orders\"", 1)).extracting(Token::text)
			.containsExactly("orders", "Orders");
		assertThat(Tokens.of(H2, "Orders \"Orders\"", 1)).extracting(Token::text)
			.containsExactly("ORDERS", "Orders");
		assertThat(Tokens.of(H2, "Orders", 1).get(0).is("orders")).isTrue();
	}

	@Test
	void statementTokensAreLexedOnceWithOffsetsIntoTheStatementAndFileLines() {
		SqlStatement statement = new SqlStatement("CREATE TABLE t (\n  id int -- key\n)", 7, null, POSTGRES);
		List<Token> tokens = statement.tokens();
		assertThat(statement.tokens()).isSameAs(tokens);
		assertThat(tokens).extracting(Token::text, Token::line)
			.containsExactly(tuple("create", 7), tuple("table", 7), tuple("t", 7), tuple("(", 7), tuple("id", 8),
					tuple("int", 8), tuple(")", 9));
		Token id = tokens.get(4);
		assertThat(statement.sql().substring(id.start(), id.end())).isEqualTo("id");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			SELECT set_config('a', 'b', false)                          | true
			SELECT SET_CONFIG /* x */ ('a', 'b', false)                 | true
			DO $$ BEGIN PERFORM set_config('a', 'b', false); END $$     | true
			DO $$ BEGIN EXECUTE 'SELECT set_config(''a'', ''b'', false)'; END $$ | true
			SELECT 1 -- set_config(                                      | false
			SELECT my_set_config('a')                                   | false
			SELECT set_config                                           | false
			""")
	void findsWordsInTheCodeAndInItsStringsButNotInComments(String sql, boolean mentioned) {
		assertThat(new SqlStatement(sql, 1, null, POSTGRES).mentions("set_config", "(")).isEqualTo(mentioned);
	}

	@Test
	void startsWithReadsTheFirstTokenAfterComments() {
		assertThat(new SqlStatement("/* c */ -- d\n set search_path TO x", 1, null, POSTGRES).startsWith("SET"))
			.isTrue();
		assertThat(new SqlStatement("settle", 1, null, POSTGRES).startsWith("SET")).isFalse();
		assertThat(new SqlStatement("'set'", 1, null, POSTGRES).startsWith("SET")).isFalse();
	}

	private static String kindsAndTexts(LexicalRules rules, String text) {
		List<String> found = new ArrayList<>();
		SqlLexer lexer = new SqlLexer(rules, text, 1);
		for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
			found.add(kind + " " + text.substring(lexer.start(), lexer.end()));
		}
		return String.join(", ", found);
	}

}
