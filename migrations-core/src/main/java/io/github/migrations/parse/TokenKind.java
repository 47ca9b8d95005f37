package io.github.migrations.parse;

/**
 * What a token of SQL text is.
 */
public enum TokenKind {

	/** A keyword or unquoted name. */
	WORD,

	/** A {@code "quoted identifier"} (or {@code U&"..."}). */
	QUOTED_IDENTIFIER,

	/**
	 * A literal in quotes: {@code '...'}, {@code E'...'}, {@code U&'...'}, {@code B'...'},
	 * {@code X'...'}, or dollar-quoted {@code $tag$...$tag$}.
	 */
	STRING,

	/** A numeric literal: {@code 42}, {@code 3.14}, {@code .5}, {@code 1e-3}, {@code 1_000}. */
	NUMBER,

	/** A line or block comment. */
	COMMENT,

	/**
	 * Punctuation or an operator, one character at a time except {@code ::}; a parameter such as
	 * {@code $1}.
	 */
	SYMBOL,

	/** The {@code ;} that may end a statement. */
	STATEMENT_END

}
