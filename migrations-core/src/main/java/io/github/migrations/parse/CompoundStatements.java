package io.github.migrations.parse;

import io.github.migrations.MigrationParseException;
import io.github.migrations.parse.LexicalRules.Feature;

/**
 * What ends a statement where the rules have
 * {@link Feature#DELIMITER_AND_COMPOUND_STATEMENTS} (MariaDB, MySQL): the client's
 * {@code DELIMITER} lines, and the {@code BEGIN ... END} blocks of a stored program's body, which
 * hold {@code ;}. The state of one split, consulted by its scan for each token; without the
 * feature the delimiter stays {@code ;} and no block opens.
 */
final class CompoundStatements {

	private final boolean enabled;

	private final String text;

	private final StatementWords words;

	private String delimiter = ";";

	private int blockDepth;

	private boolean storedProgram;

	private boolean sawParenthesis;

	CompoundStatements(LexicalRules rules, String text, StatementWords words) {
		this.enabled = rules.has(Feature.DELIMITER_AND_COMPOUND_STATEMENTS);
		this.text = text;
		this.words = words;
	}

	/**
	 * Whether {@code ;} ends statements (no {@code DELIMITER} line changed it).
	 */
	boolean semicolonEnds() {
		return this.delimiter.equals(";");
	}

	/**
	 * Whether the statement is inside a block that holds {@code ;}.
	 */
	boolean inBlock() {
		return this.blockDepth > 0;
	}

	/**
	 * With a delimiter other than {@code ;}: where it starts in the token {@code text[from, to)},
	 * or {@code -1}.
	 */
	int delimiterIn(int from, int to) {
		if (semicolonEnds()) {
			return -1;
		}
		int at = this.text.indexOf(this.delimiter, from);
		return (at < to) ? at : -1;
	}

	int delimiterLength() {
		return this.delimiter.length();
	}

	/**
	 * Whether the current token, before a statement's first, starts a {@code DELIMITER xyz} line
	 * (or a {@code DELIMITER} line without its word, which {@link #delimiterLine} refuses as the
	 * clients do: no statement starts with that word).
	 */
	boolean isDelimiterLine(TokenKind kind, SqlLexer lexer) {
		if (!this.enabled || kind != TokenKind.WORD || !lexer.is("DELIMITER")) {
			return false;
		}
		if (lexer.end() == this.text.length()) {
			return true;
		}
		char next = this.text.charAt(lexer.end());
		return next == ' ' || next == '\t' || next == '\n' || next == '\r';
	}

	/**
	 * {@code DELIMITER xyz}: the word after it ends the following statements; the lexer goes on
	 * after the line, which ends at {@code end}.
	 */
	void delimiterLine(SqlLexer lexer, String script, int end) {
		String[] words = this.text.substring(lexer.end(), end).strip().split("\\s+");
		if (words[0].isEmpty() || words.length > 1 || words[0].indexOf('\\') >= 0) {
			throw new MigrationParseException(script, lexer.line(),
					"DELIMITER needs one word without a backslash, found '"
							+ this.text.substring(lexer.end(), end).strip() + "'",
					"Write DELIMITER $$ (or //, ;;) on a line of its own, and DELIMITER ; after the statements "
							+ "it ends");
		}
		this.delimiter = words[0];
		lexer.resume(end, lexer.line());
	}

	/**
	 * Notes a {@code (} of the statement: a stored program's name comes before any.
	 */
	void openParenthesis() {
		this.sawParenthesis = true;
	}

	/**
	 * Tracks the blocks of a stored program's body at the word {@code text[from, to)}; the
	 * statement's words still have the word before it as previous.
	 */
	void word(int from, int to, int parenDepth) {
		if (!this.enabled || !semicolonEnds()) {
			return;
		}
		StatementWords words = this.words;
		boolean afterEnd = words.previousIs("END") && words.previousIsPreviousToken();
		if (this.blockDepth == 0 && !this.storedProgram) {
			if (is(from, to, "PROCEDURE") || is(from, to, "FUNCTION") || is(from, to, "TRIGGER")
					|| is(from, to, "EVENT")) {
				this.storedProgram = !this.sawParenthesis && parenDepth == 0
						&& (words.firstIs("CREATE") || words.firstIs("ALTER"));
			}
			else if (is(from, to, "NOT") && words.firstIs("BEGIN") && words.previousIsFirst()) {
				// BEGIN NOT ATOMIC ... END: an anonymous block (MariaDB)
				this.blockDepth = 1;
			}
			if (!this.storedProgram) {
				return;
			}
		}
		if (is(from, to, "END")) {
			this.blockDepth = Math.max(0, this.blockDepth - 1);
		}
		else if (afterEnd) {
			// END IF, END CASE, END LOOP ...: the same block
		}
		else if (is(from, to, "BEGIN") || is(from, to, "CASE") || is(from, to, "LOOP") || is(from, to, "WHILE")) {
			this.blockDepth++;
		}
		else if (is(from, to, "REPEAT")) {
			if (nextCharacter(to) != '(') {
				this.blockDepth++;
			}
		}
		else if (is(from, to, "IF") && parenDepth == 0 && startsInnerStatement()) {
			this.blockDepth++;
		}
	}

	/**
	 * Forgets the statement's blocks (not the delimiter).
	 */
	void reset() {
		this.blockDepth = 0;
		this.storedProgram = false;
		this.sawParenthesis = false;
	}

	/**
	 * Whether the token before the current word ends an inner statement or opens a body, so that
	 * the word starts a statement ({@code IF} the statement, not the function).
	 */
	private boolean startsInnerStatement() {
		StatementWords words = this.words;
		return words.previousTokenIs(";") || words.previousTokenIs(":") || words.previousTokenIs("BEGIN")
				|| words.previousTokenIs("THEN") || words.previousTokenIs("ELSE") || words.previousTokenIs("DO")
				|| words.previousTokenIs("LOOP") || words.previousTokenIs("REPEAT") || words.previousTokenIs("ROW")
				|| words.previousTokenIs("ATOMIC");
	}

	private boolean is(int from, int to, String keyword) {
		return this.words.is(from, to, keyword);
	}

	private char nextCharacter(int from) {
		int i = from;
		while (i < this.text.length() && Character.isWhitespace(this.text.charAt(i))) {
			i++;
		}
		return (i < this.text.length()) ? this.text.charAt(i) : '\0';
	}

}
