package io.github.migrations.parse;

import io.github.migrations.parse.LexicalRules.Feature;
import org.jspecify.annotations.Nullable;

/**
 * Reads SQL text as tokens, following one database's {@link LexicalRules}: the one place where
 * quotes, comments, words and numbers are told apart. A cursor, so that scanning allocates
 * nothing per token: {@link #next()} moves to the next token and says what it is, then
 * {@link #start()}, {@link #end()} and {@link #line()} locate it ({@link Tokens} lists them
 * instead, when a caller wants the list).
 * <ol>
 * <li>Skip blanks (and a byte order mark at the start), counting lines: LF, CRLF and CR each
 * end one.</li>
 * <li>Read one token from its first character: {@code --} (and {@code //} where the rules say)
 * starts a line comment, {@code /*} a block comment (nested where the rules say),
 * {@code '} a string ({@code ''} escapes), {@code "} a quoted identifier, {@code $$} or
 * {@code $tag$} a dollar quote up to the same tag, a letter a word unless it is the prefix of
 * a string ({@code E'..'} with backslash escapes where the rules say, {@code U&'..'},
 * {@code B'..'}, {@code X'..'}) or of {@code U&"..."}, a digit a number, {@code ;} a statement
 * end; anything else is one symbol ({@code ::} and a parameter {@code $1} are one).</li>
 * <li>A quote or comment left open runs to the end of the text and is marked not
 * {@link #terminated()}: the lexer never fails, its caller decides (the splitter refuses, the
 * linter reads on).</li>
 * </ol>
 * Where a quote or comment ends, {@code QuotesAndComments} finds. Not thread-safe: one instance
 * per scan.
 */
public final class SqlLexer {

	private final boolean nestedBlockComments;

	private final boolean dollarQuoteTags;

	private final boolean escapeStrings;

	private final boolean slashSlashComments;

	private final boolean backtickIdentifiers;

	private final boolean hashComments;

	private final boolean dashDashSpace;

	private final boolean executableComments;

	private final boolean backslashEscapes;

	private final boolean doubleQuotedStrings;

	private final boolean dollarQuotes;

	// inside /*! ... */: its closing */ is the next mark
	private boolean inExecutableComment;

	private boolean executableMark;

	private final String text;

	private final int limit;

	private int pos;

	private int line;

	private int start;

	private int end;

	private int tokenLine;

	private boolean terminated = true;

	/**
	 * A lexer over the whole text.
	 * @param firstLine the line number of the text's first line
	 */
	public SqlLexer(LexicalRules rules, String text, int firstLine) {
		this(rules, text, 0, text.length(), firstLine);
	}

	/**
	 * A lexer over {@code text[from, to)}.
	 * @param firstLine the line number of the line {@code from} is on
	 */
	public SqlLexer(LexicalRules rules, String text, int from, int to, int firstLine) {
		// read once: the scan consults them for every quote and comment
		this.nestedBlockComments = rules.has(Feature.NESTED_BLOCK_COMMENTS);
		this.dollarQuoteTags = rules.has(Feature.DOLLAR_QUOTE_TAGS);
		this.escapeStrings = rules.has(Feature.ESCAPE_STRINGS);
		this.slashSlashComments = rules.has(Feature.SLASH_SLASH_COMMENTS);
		this.backtickIdentifiers = rules.has(Feature.BACKTICK_IDENTIFIERS);
		this.hashComments = rules.has(Feature.HASH_COMMENTS);
		this.dashDashSpace = rules.has(Feature.DASH_DASH_SPACE_COMMENTS);
		this.executableComments = rules.has(Feature.EXECUTABLE_COMMENTS);
		this.backslashEscapes = rules.has(Feature.BACKSLASH_ESCAPES);
		this.doubleQuotedStrings = rules.has(Feature.DOUBLE_QUOTED_STRINGS);
		this.dollarQuotes = !rules.has(Feature.NO_DOLLAR_QUOTES);
		this.text = text;
		this.limit = to;
		this.line = firstLine;
		this.pos = (from < to && text.charAt(from) == '\uFEFF') ? from + 1 : from;
		this.start = this.pos;
		this.end = this.pos;
	}

	/**
	 * Moves to the next token.
	 * @return what it is, or {@code null} at the end of the text
	 */
	public @Nullable TokenKind next() {
		String text = this.text;
		int limit = this.limit;
		int i = this.pos;
		while (i < limit) {
			char c = text.charAt(i);
			if (c == '\n') {
				this.line++;
				i++;
			}
			else if (c == '\r') {
				this.line++;
				i += (i + 1 < limit && text.charAt(i + 1) == '\n') ? 2 : 1;
			}
			else if (c == ' ' || c == '\t' || Character.isWhitespace(c)) {
				i++;
			}
			else {
				break;
			}
		}
		this.start = i;
		this.tokenLine = this.line;
		this.terminated = true;
		this.executableMark = false;
		if (i >= limit) {
			this.pos = limit;
			this.end = limit;
			return null;
		}
		char c = text.charAt(i);
		char next = (i + 1 < limit) ? text.charAt(i + 1) : '\0';
		switch (c) {
			case '-':
				return (next == '-' && (!this.dashDashSpace || i + 2 >= limit || text.charAt(i + 2) <= ' '))
						? lineComment(i) : to(TokenKind.SYMBOL, i + 1);
			case '/':
				if (next == '*') {
					return blockComment(i);
				}
				return (next == '/' && this.slashSlashComments) ? lineComment(i) : to(TokenKind.SYMBOL, i + 1);
			case '*':
				if (next == '/' && this.inExecutableComment) {
					this.inExecutableComment = false;
					this.executableMark = true;
					return to(TokenKind.COMMENT, i + 2);
				}
				return to(TokenKind.SYMBOL, i + 1);
			case '#':
				return this.hashComments ? lineComment(i, 1) : to(TokenKind.SYMBOL, i + 1);
			case '`':
				return this.backtickIdentifiers ? quoted(TokenKind.QUOTED_IDENTIFIER, i, '`', false)
						: to(TokenKind.SYMBOL, i + 1);
			case '\'':
				return quoted(TokenKind.STRING, i, '\'', this.backslashEscapes);
			case '"':
				return this.doubleQuotedStrings ? quoted(TokenKind.STRING, i, '"', this.backslashEscapes)
						: quoted(TokenKind.QUOTED_IDENTIFIER, i, '"', false);
			case '$':
				return this.dollarQuotes ? dollar(i, next) : to(TokenKind.SYMBOL, i + 1);
			case ';':
				return to(TokenKind.STATEMENT_END, i + 1);
			case ':':
				return to(TokenKind.SYMBOL, (next == ':') ? i + 2 : i + 1);
			default:
				if (isIdentifierStart(c)) {
					return word(i);
				}
				if (isDigit(c) || (c == '.' && isDigit(next))) {
					return number(i);
				}
				return to(TokenKind.SYMBOL, i + 1);
		}
	}

	/**
	 * The offset of the current token's first character.
	 */
	public int start() {
		return this.start;
	}

	/**
	 * The offset after the current token's last character.
	 */
	public int end() {
		return this.end;
	}

	/**
	 * The line the current token starts on.
	 */
	public int line() {
		return this.tokenLine;
	}

	/**
	 * Whether the current token is closed: {@code false} for a string, quoted identifier, dollar
	 * quote or block comment that runs to the end of the text.
	 */
	public boolean terminated() {
		return this.terminated;
	}

	/**
	 * Whether the current token is the opening ({@code /*!12345}, {@code /*M!12345}) or closing
	 * mark of an executable comment: a {@link TokenKind#COMMENT} whose content is SQL.
	 */
	public boolean executableMark() {
		return this.executableMark;
	}

	/**
	 * Whether the text read so far opened an executable comment that is not closed yet.
	 */
	public boolean inExecutableComment() {
		return this.inExecutableComment;
	}

	/**
	 * Whether the current token's text is the given one, in any case (a keyword, a symbol).
	 */
	public boolean is(String expected) {
		return this.end - this.start == expected.length()
				&& this.text.regionMatches(true, this.start, expected, 0, expected.length());
	}

	/**
	 * Continues after {@code offset} (at least the current token's end) on line {@code line}:
	 * for text a caller reads itself (a psql meta-command, COPY data).
	 */
	void resume(int offset, int line) {
		this.pos = offset;
		this.line = line;
	}

	private TokenKind to(TokenKind kind, int end) {
		this.end = end;
		this.pos = end;
		return kind;
	}

	private TokenKind lineComment(int from) {
		return lineComment(from, 2);
	}

	/**
	 * A line comment whose opening mark is {@code opener} characters long.
	 */
	private TokenKind lineComment(int from, int opener) {
		return to(TokenKind.COMMENT, QuotesAndComments.lineCommentEnd(this.text, from + opener, this.limit));
	}

	private TokenKind blockComment(int from) {
		if (this.executableComments && !this.inExecutableComment) {
			int markEnd = QuotesAndComments.executableCommentMarkEnd(this.text, from, this.limit);
			if (markEnd >= 0) {
				this.inExecutableComment = true;
				this.executableMark = true;
				return to(TokenKind.COMMENT, markEnd);
			}
		}
		return closedOrNot(TokenKind.COMMENT,
				QuotesAndComments.blockCommentEnd(this.text, from, this.limit, this.nestedBlockComments));
	}

	/**
	 * A quoted token whose opening quote is at {@code quoteAt} (after a prefix, if any).
	 */
	private TokenKind quoted(TokenKind kind, int quoteAt, char quote, boolean backslashEscapes) {
		return closedOrNot(kind, QuotesAndComments.quotedEnd(this.text, quoteAt, this.limit, quote, backslashEscapes));
	}

	private TokenKind dollar(int from, char next) {
		int tagEnd = QuotesAndComments.dollarTagEnd(this.text, from, this.limit, next, this.dollarQuoteTags);
		if (tagEnd < 0) {
			// a parameter such as $1, or a lone $
			int i = from + 1;
			while (i < this.limit && isDigit(this.text.charAt(i))) {
				i++;
			}
			return to(TokenKind.SYMBOL, i);
		}
		return closedOrNot(TokenKind.STRING, QuotesAndComments.dollarQuotedEnd(this.text, from, tagEnd, this.limit));
	}

	private TokenKind word(int from) {
		int i = from + 1;
		while (i < this.limit && isIdentifierPart(this.text.charAt(i))) {
			i++;
		}
		if (i - from == 1 && i < this.limit) {
			char c = this.text.charAt(from);
			char after = this.text.charAt(i);
			if (after == '\'' && ((this.escapeStrings && (c == 'E' || c == 'e')) || c == 'B' || c == 'b' || c == 'X'
					|| c == 'x')) {
				return quoted(TokenKind.STRING, i, '\'', c == 'E' || c == 'e');
			}
			if (after == '&' && (c == 'U' || c == 'u') && i + 1 < this.limit) {
				char quote = this.text.charAt(i + 1);
				if (quote == '\'' || quote == '"') {
					return quoted((quote == '"') ? TokenKind.QUOTED_IDENTIFIER : TokenKind.STRING, i + 1, quote, false);
				}
			}
		}
		return to(TokenKind.WORD, i);
	}

	/**
	 * Digits (an {@code _} between two), a fraction, an exponent; a letter after them starts
	 * another token, as in PostgreSQL before version 15 ({@code 1e'..'} is {@code 1} and an
	 * escape string).
	 */
	private TokenKind number(int from) {
		int i = digits(from);
		if (i < this.limit && this.text.charAt(i) == '.') {
			i = digits(i + 1);
		}
		if (i + 1 < this.limit && (this.text.charAt(i) == 'e' || this.text.charAt(i) == 'E')) {
			int exponent = i + 1;
			if (this.text.charAt(exponent) == '+' || this.text.charAt(exponent) == '-') {
				exponent++;
			}
			if (exponent < this.limit && isDigit(this.text.charAt(exponent))) {
				i = digits(exponent);
			}
		}
		return to(TokenKind.NUMBER, i);
	}

	private int digits(int from) {
		int i = from;
		while (i < this.limit && (isDigit(this.text.charAt(i))
				|| (this.text.charAt(i) == '_' && i + 1 < this.limit && isDigit(this.text.charAt(i + 1))))) {
			i++;
		}
		return i;
	}

	private TokenKind closed(TokenKind kind, int end) {
		countLines(end);
		return to(kind, end);
	}

	/**
	 * The token up to {@code end}, or to the end of the text and not terminated when
	 * {@code end < 0}.
	 */
	private TokenKind closedOrNot(TokenKind kind, int end) {
		return (end < 0) ? unterminated(kind) : closed(kind, end);
	}

	private TokenKind unterminated(TokenKind kind) {
		this.terminated = false;
		return closed(kind, this.limit);
	}

	/**
	 * Counts the line breaks between the current token's start and {@code to}.
	 */
	private void countLines(int to) {
		String text = this.text;
		for (int i = this.start; i < to; i++) {
			char c = text.charAt(i);
			if (c == '\n' || (c == '\r' && (i + 1 >= to || text.charAt(i + 1) != '\n'))) {
				this.line++;
			}
		}
	}

	static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * Like PostgreSQL, any non-ASCII character other than a blank may start a name.
	 */
	static boolean isIdentifierStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
				|| (c >= 0x80 && !Character.isWhitespace(c) && c != '\uFEFF');
	}

	private static boolean isIdentifierPart(char c) {
		return isIdentifierStart(c) || isDigit(c) || c == '$';
	}

}
