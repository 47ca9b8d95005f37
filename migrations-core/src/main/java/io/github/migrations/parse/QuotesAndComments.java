package io.github.migrations.parse;

/**
 * Where the quoted forms and comments of SQL text end: {@link SqlLexer}'s routines for the
 * tokens that may span lines and may be left open. Each reads {@code text} up to {@code limit}
 * and returns the offset after the token, or {@code -1} when the text ends before the token
 * closes. Static and allocation-free: the lexer calls them for every quote and comment.
 */
final class QuotesAndComments {

	private QuotesAndComments() {
	}

	/**
	 * The end of a line comment whose text starts at {@code from} (after its opening mark): the
	 * line break or the limit.
	 */
	static int lineCommentEnd(String text, int from, int limit) {
		int i = from;
		while (i < limit && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
			i++;
		}
		return i;
	}

	/**
	 * The end of the block comment opened at {@code from}; with {@code nested}, each
	 * {@code /*} inside needs its own closing mark.
	 */
	static int blockCommentEnd(String text, int from, int limit, boolean nested) {
		int depth = 1;
		int i = from + 2;
		while (depth > 0) {
			if (i + 1 >= limit) {
				return -1;
			}
			char c = text.charAt(i);
			char next = text.charAt(i + 1);
			if (c == '*' && next == '/') {
				depth--;
				i += 2;
			}
			else if (nested && c == '/' && next == '*') {
				depth++;
				i += 2;
			}
			else {
				i++;
			}
		}
		return i;
	}

	/**
	 * Where the opening mark of an executable comment ({@code /*!12345}, {@code /*M!12345})
	 * at {@code from} ends, or {@code -1} when the {@code /*} there opens a plain comment.
	 */
	static int executableCommentMarkEnd(String text, int from, int limit) {
		int bang = from + 2;
		if (bang + 1 < limit && text.charAt(bang) == 'M' && text.charAt(bang + 1) == '!') {
			bang++;
		}
		if (bang >= limit || text.charAt(bang) != '!') {
			return -1;
		}
		int i = bang + 1;
		while (i < limit && SqlLexer.isDigit(text.charAt(i))) {
			i++;
		}
		return i;
	}

	/**
	 * The end of the quoted token whose opening quote is at {@code quoteAt} (after a prefix, if
	 * any); a doubled quote stands for one, and with {@code backslashEscapes} a backslash escapes
	 * the next character.
	 */
	static int quotedEnd(String text, int quoteAt, int limit, char quote, boolean backslashEscapes) {
		int i = quoteAt + 1;
		if (backslashEscapes) {
			while (true) {
				if (i >= limit) {
					return -1;
				}
				char c = text.charAt(i);
				if (c == '\\') {
					i += 2;
				}
				else if (c != quote) {
					i++;
				}
				else if (i + 1 < limit && text.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
		}
		while (true) {
			int close = text.indexOf(quote, i);
			if (close < 0 || close >= limit) {
				return -1;
			}
			if (close + 1 < limit && text.charAt(close + 1) == quote) {
				i = close + 2;
			}
			else {
				return close + 1;
			}
		}
	}

	/**
	 * The offset of the {@code $} that ends the dollar quote's opening tag at {@code from}
	 * ({@code $$}, or with {@code tags} {@code $tag$}), or {@code -1} when the {@code $} there
	 * opens no quote; {@code next} is the character after it.
	 */
	static int dollarTagEnd(String text, int from, int limit, char next, boolean tags) {
		if (next == '$') {
			return from + 1;
		}
		if (tags && SqlLexer.isIdentifierStart(next)) {
			int i = from + 2;
			// a tag is a name without $
			while (i < limit && (SqlLexer.isIdentifierStart(text.charAt(i)) || SqlLexer.isDigit(text.charAt(i)))) {
				i++;
			}
			if (i < limit && text.charAt(i) == '$') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The end of the dollar quote whose opening tag is {@code text[from, tagEnd]}: after the same
	 * tag.
	 */
	static int dollarQuotedEnd(String text, int from, int tagEnd, int limit) {
		int tagLength = tagEnd + 1 - from;
		for (int close = text.indexOf('$', tagEnd + 1); close >= 0
				&& close + tagLength <= limit; close = text.indexOf('$', close + 1)) {
			if (text.regionMatches(close, text, from, tagLength)) {
				return close + tagLength;
			}
		}
		return -1;
	}

}
