package io.github.migrations.parse;

/**
 * One token of a statement, as {@link SqlStatement#tokens()} lists them (comments left out).
 *
 * @param kind what it is
 * @param text what the database reads: a word folded as the database folds unquoted names, a
 * quoted identifier without its quotes ({@code ""} undone), anything else as written
 * @param start the offset of its first character in the statement's text
 * @param end the offset after its last character
 * @param line the file line it starts on
 * @param depth the parenthesis depth it is at; a {@code (} and its {@code )} have the depth
 * outside them
 */
public record Token(TokenKind kind, String text, int start, int end, int line, int depth) {

	/**
	 * Whether this is the word (a keyword), in any case.
	 */
	public boolean is(String word) {
		return this.kind == TokenKind.WORD && this.text.equalsIgnoreCase(word);
	}

	/**
	 * Whether this is the punctuation or operator.
	 */
	public boolean isSymbol(String symbol) {
		return this.kind == TokenKind.SYMBOL && this.text.equals(symbol);
	}

	/**
	 * Whether this is a name: a word or a quoted identifier.
	 */
	public boolean isName() {
		return this.kind == TokenKind.WORD || this.kind == TokenKind.QUOTED_IDENTIFIER;
	}

}
