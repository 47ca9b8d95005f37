package io.github.migrations.parse;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One statement cut from a migration file, with the lexical rules it was cut with, so that
 * whoever reads it (the linter, the pre-flight table finder, the session-change detection) reads
 * the same tokens: they are lexed on first use and kept. Equality is by text, line and COPY data.
 */
public final class SqlStatement {

	private final String sql;

	private final int line;

	private final @Nullable String copyData;

	private final LexicalRules rules;

	// lexed on first use; a race lexes twice and keeps either (equal, immutable) list
	private @Nullable List<Token> tokens;

	/**
	 * A statement read with standard SQL's lexical rules.
	 */
	public SqlStatement(String sql, int line) {
		this(sql, line, null);
	}

	/**
	 * A statement read with standard SQL's lexical rules.
	 */
	public SqlStatement(String sql, int line, @Nullable String copyData) {
		this(sql, line, copyData, LexicalRules.SQL_STANDARD);
	}

	/**
	 * @param sql the statement text, without the terminating {@code ;}
	 * @param line the 1-based line in the file where the statement starts
	 * @param copyData for {@code COPY ... FROM stdin}: the inline data rows (without the closing
	 * {@code \.} line), to be sent through the driver's copy API; otherwise {@code null}
	 * @param rules the lexical rules of the database the statement is for
	 */
	public SqlStatement(String sql, int line, @Nullable String copyData, LexicalRules rules) {
		this.sql = sql;
		this.line = line;
		this.copyData = copyData;
		this.rules = rules;
	}

	/**
	 * The statement text, without the terminating {@code ;}.
	 */
	public String sql() {
		return this.sql;
	}

	/**
	 * The 1-based line in the file where the statement starts.
	 */
	public int line() {
		return this.line;
	}

	/**
	 * For {@code COPY ... FROM stdin}: the inline data rows, otherwise {@code null}.
	 */
	public @Nullable String copyData() {
		return this.copyData;
	}

	/**
	 * The statement's tokens other than comments, their offsets into {@link #sql()} and their
	 * lines in the file; lexed once, on first use.
	 */
	public List<Token> tokens() {
		List<Token> tokens = this.tokens;
		if (tokens == null) {
			tokens = Tokens.of(this.rules, this.sql, this.line);
			this.tokens = tokens;
		}
		return tokens;
	}

	/**
	 * Whether the statement's first token is this word (a keyword, in any case). Reads one token.
	 */
	public boolean startsWith(String word) {
		SqlLexer lexer = new SqlLexer(this.rules, this.sql, this.line);
		TokenKind kind = lexer.next();
		while (kind == TokenKind.COMMENT) {
			kind = lexer.next();
		}
		return kind == TokenKind.WORD && lexer.is(word);
	}

	/**
	 * Whether these tokens (words in any case, or symbols) follow each other, comments aside,
	 * anywhere in the statement, including the code in its string literals (a {@code DO} body,
	 * the text of an {@code EXECUTE}). Allocates nothing unless a literal holds the first word.
	 */
	public boolean mentions(String... words) {
		return mentions(this.rules, this.sql, 0, this.sql.length(), words);
	}

	private static boolean mentions(LexicalRules rules, String text, int from, int to, String[] words) {
		SqlLexer lexer = new SqlLexer(rules, text, from, to, 1);
		int matched = 0;
		for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
			if (kind == TokenKind.COMMENT) {
				continue;
			}
			if (kind == TokenKind.STRING) {
				int start = contentStart(text, lexer);
				int end = contentEnd(text, lexer, start);
				if (containsIgnoreCase(text, start, end, words[0]) && mentions(rules, text, start, end, words)) {
					return true;
				}
				matched = 0;
				continue;
			}
			matched = lexer.is(words[matched]) ? matched + 1 : (lexer.is(words[0]) ? 1 : 0);
			if (matched == words.length) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Where the content of the string token the lexer is at starts: after its prefix and opening
	 * quote or dollar tag.
	 */
	private static int contentStart(String text, SqlLexer lexer) {
		int start = lexer.start();
		int open = (text.charAt(start) == '$') ? text.indexOf('$', start + 1) : text.indexOf('\'', start);
		return Math.min(open + 1, lexer.end());
	}

	/**
	 * Where it ends: before its closing quote or tag (as long as the opening one).
	 */
	private static int contentEnd(String text, SqlLexer lexer, int contentStart) {
		if (!lexer.terminated()) {
			return lexer.end();
		}
		int closing = (text.charAt(lexer.start()) == '$') ? contentStart - lexer.start() : 1;
		return Math.max(contentStart, lexer.end() - closing);
	}

	private static boolean containsIgnoreCase(String text, int from, int to, String word) {
		for (int i = from; i + word.length() <= to; i++) {
			if (text.regionMatches(true, i, word, 0, word.length())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof SqlStatement that && this.line == that.line
				&& this.sql.equals(that.sql) && Objects.equals(this.copyData, that.copyData));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.sql, this.line, this.copyData);
	}

	@Override
	public String toString() {
		return "SqlStatement[sql=" + this.sql + ", line=" + this.line + ", copyData=" + this.copyData + "]";
	}

}
