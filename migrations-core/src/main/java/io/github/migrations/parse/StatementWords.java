package io.github.migrations.parse;

/**
 * What the splitter remembers of the statement being read: its first word, the word and the token
 * before the current one. Kept as offsets into the text, so that splitting allocates nothing per
 * word.
 */
final class StatementWords {

	private final String text;

	private int firstStart = -1;

	private int firstEnd;

	private int previousStart = -1;

	private int previousEnd;

	// not reset between statements: the token before a statement's first is the previous one's end
	private int previousTokenStart = -1;

	private int previousTokenEnd;

	StatementWords(String text) {
		this.text = text;
	}

	/**
	 * Notes the word {@code text[from, to)} as the statement's first, unless it has one.
	 */
	void first(int from, int to) {
		if (this.firstStart < 0) {
			this.firstStart = from;
			this.firstEnd = to;
		}
	}

	/**
	 * Notes the word {@code text[from, to)} as the one before the next.
	 */
	void previous(int from, int to) {
		this.previousStart = from;
		this.previousEnd = to;
	}

	/**
	 * Notes the token (not a comment) {@code text[from, to)} as the one before the next.
	 */
	void previousToken(int from, int to) {
		this.previousTokenStart = from;
		this.previousTokenEnd = to;
	}

	boolean firstIs(String keyword) {
		return is(this.firstStart, this.firstEnd, keyword);
	}

	boolean previousIs(String keyword) {
		return is(this.previousStart, this.previousEnd, keyword);
	}

	boolean previousTokenIs(String keyword) {
		return is(this.previousTokenStart, this.previousTokenEnd, keyword);
	}

	/**
	 * Whether the previous word is the statement's first.
	 */
	boolean previousIsFirst() {
		return this.previousStart == this.firstStart;
	}

	/**
	 * Whether the previous word is the previous token (no symbol, string or number between).
	 */
	boolean previousIsPreviousToken() {
		return this.previousStart == this.previousTokenStart;
	}

	/**
	 * Forgets the statement's words (not the previous token).
	 */
	void reset() {
		this.firstStart = -1;
		this.previousStart = -1;
	}

	/**
	 * Whether {@code text[start, end)} is the keyword (or symbol), in any case.
	 */
	boolean is(int start, int end, String keyword) {
		return start >= 0 && end - start == keyword.length()
				&& this.text.regionMatches(true, start, keyword, 0, keyword.length());
	}

}
