package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.lint.SqlTokens.Kind;
import io.github.migrations.lint.SqlTokens.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link SqlTokens}: what the rules see of a statement.
 */
class SqlTokensTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			CREATE  Index  idx ON users                   | create index idx on users
			select /* a /* nested */ comment */ 1 -- tail  | select 1
			ALTER TABLE "Users" ADD "Col" int             | alter table "Users" add "Col" int
			SELECT 'it''s; -- not a comment'              | select 'it''s; -- not a comment'
			SELECT E'a\\'b', U&'x', B'101', X'ff'         | select E'a\\'b' , U&'x' , B'101' , X'ff'
			SELECT $tag$ UPDATE users SET x = 1 $tag$     | select $tag$ UPDATE users SET x = 1 $tag$
			SELECT $1::json, a.b                          | select $1 :: json , a . b
			SELECT 1.5e3 + .5                             | select 1.5e3 + .5
			SELECT 'unterminated                          | select 'unterminated
			SELECT "unterminated                          | select "unterminated"
			""")
	void normalizesStatementsAsTheRulesSeeThem(String sql, String normalized) {
		LintStatement statement = new LintStatement(sql, 1, true, java.util.Set.of(), java.util.Set.of(), List.of());
		assertThat(statement.normalized()).isEqualTo(normalized);
	}

	@Test
	void keepsTheParenthesisDepthOfEachToken() {
		List<Token> tokens = SqlTokens.tokenize("f(a, (b)) c");
		assertThat(tokens).extracting(Token::text, Token::depth)
			.containsExactly(tuple("f", 0), tuple("(", 0), tuple("a", 1), tuple(",", 1), tuple("(", 1),
					tuple("b", 2), tuple(")", 1), tuple(")", 0), tuple("c", 0));
	}

	@Test
	void tellsQuotedIdentifiersFromWordsAndStrings() {
		List<Token> tokens = SqlTokens.tokenize("\"Weird \"\"name\" json 'json'");
		assertThat(tokens).extracting(Token::kind, Token::text)
			.containsExactly(tuple(Kind.QUOTED, "Weird \"name"), tuple(Kind.WORD, "json"),
					tuple(Kind.STRING, "'json'"));
	}

	@Test
	void neverGoesBelowDepthZeroOnUnbalancedParentheses() {
		assertThat(SqlTokens.tokenize(")) a (")).extracting(Token::depth).containsExactly(0, 0, 0, 0);
	}

}
