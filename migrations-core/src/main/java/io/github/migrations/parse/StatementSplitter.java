package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.migrations.MigrationParseException;

/**
 * Splits the SQL text of a migration into statements, following the quoting and comment rules
 * of one database. A hand-written scanner: one pass, no regular expression, linear in the
 * length of the text.
 * <ol>
 * <li>Walk the text one character at a time, counting lines (LF, CRLF and CR each end one).</li>
 * <li>Before a statement's first token, skip blanks and comments (and, for PostgreSQL, the
 * <code>\restrict</code>/<code>&#92;unrestrict</code> lines pg_dump writes; any other psql meta-command is an
 * error). The first other character starts the statement and fixes its line.</li>
 * <li>Skip quoted text as a whole: strings ({@code ''} escapes), escape strings {@code E'..'}
 * (backslash escapes), quoted identifiers, dollar quotes {@code $tag$..$tag$}, line comments and
 * (nested) block comments; a {@code ;} inside them is just text. One left open is an error naming
 * the line it was opened on.</li>
 * <li>Track parentheses and {@code BEGIN ATOMIC ... END} bodies (a {@code CASE ... END} nests
 * inside); a {@code ;} ends the statement only outside both.</li>
 * <li>The statement is the text from its first token to that {@code ;}, trimmed; pieces with no
 * token yield nothing. After {@code COPY ... FROM stdin;} the following lines up to {@code \.}
 * are the statement's data.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class StatementSplitter {

	private static final StatementSplitter POSTGRES = new StatementSplitter(Syntax.POSTGRES);

	private static final StatementSplitter H2 = new StatementSplitter(Syntax.H2);

	private final Syntax syntax;

	private StatementSplitter(Syntax syntax) {
		this.syntax = syntax;
	}

	/**
	 * PostgreSQL's syntax, including what pg_dump writes.
	 */
	public static StatementSplitter postgres() {
		return POSTGRES;
	}

	/**
	 * H2's syntax.
	 */
	public static StatementSplitter h2() {
		return H2;
	}

	/**
	 * Splits SQL text into statements.
	 * @param script the file's name, for error messages
	 * @param text the SQL text
	 * @param firstLine the file line of the text's first line
	 * @return the statements, in order, each with its file line
	 * @throws MigrationParseException for an unterminated quote, comment or COPY data, or a psql
	 * meta-command
	 */
	public List<SqlStatement> split(String script, String text, int firstLine) {
		return new Scanner(script, text, firstLine).run();
	}

	/**
	 * The offset of the first character at or after {@code from} that is neither blank nor in a
	 * comment (nested block comments allowed), or the text's length when there is none. Does not
	 * fail on an unterminated comment (it then returns the length).
	 */
	static int skipBlanksAndComments(String text, int from) {
		int length = text.length();
		int i = from;
		while (i < length) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c) || c == '\uFEFF') {
				i++;
			}
			else if (c == '-' && i + 1 < length && text.charAt(i + 1) == '-') {
				while (i < length && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
					i++;
				}
			}
			else if (c == '/' && i + 1 < length && text.charAt(i + 1) == '*') {
				int depth = 1;
				i += 2;
				while (i < length && depth > 0) {
					if (text.startsWith("*/", i)) {
						depth--;
						i += 2;
					}
					else if (text.startsWith("/*", i)) {
						depth++;
						i += 2;
					}
					else {
						i++;
					}
				}
			}
			else {
				return i;
			}
		}
		return length;
	}

	/**
	 * The lexical rules of one database, as switches the scanner consults (so vendor differences
	 * stay here rather than spread through the scanner).
	 *
	 * @param nestedBlockComments {@code /* /* *\/ *\/} nests (PostgreSQL) or ends at the first
	 * {@code *\/} (H2)
	 * @param dollarQuoteTags {@code $tag$...$tag$} as well as {@code $$...$$}
	 * @param escapeStrings {@code E'...'} strings with backslash escapes
	 * @param slashSlashComments {@code //} starts a line comment
	 * @param atomicBodies {@code BEGIN ATOMIC ... END} function bodies hold {@code ;}
	 * @param copyFromStdin {@code COPY ... FROM stdin;} is followed by data lines up to {@code \.}
	 * @param psqlMetaCommands a backslash at a statement's start is a psql meta-command
	 */
	record Syntax(boolean nestedBlockComments, boolean dollarQuoteTags, boolean escapeStrings,
			boolean slashSlashComments, boolean atomicBodies, boolean copyFromStdin, boolean psqlMetaCommands) {

		static final Syntax POSTGRES = new Syntax(true, true, true, false, true, true, true);

		static final Syntax H2 = new Syntax(false, false, false, true, false, false, false);

	}

	/**
	 * The state of one {@code split} call.
	 */
	private final class Scanner {

		private final String script;

		private final String text;

		private final int length;

		private final List<SqlStatement> statements = new ArrayList<>();

		private int pos;

		private int line;

		// the statement being read; start < 0 until its first token
		private int start = -1;

		private int startLine;

		private int parenDepth;

		private int atomicDepth;

		private @Nullable String firstWord;

		private @Nullable String previousWord;

		private boolean fromStdin;

		Scanner(String script, String text, int firstLine) {
			this.script = script;
			this.text = text;
			this.length = text.length();
			this.line = firstLine;
			if (this.length > 0 && text.charAt(0) == '\uFEFF') {
				this.pos = 1;
			}
		}

		List<SqlStatement> run() {
			Syntax syntax = StatementSplitter.this.syntax;
			while (this.pos < this.length) {
				char c = this.text.charAt(this.pos);
				if (c == '\n' || c == '\r') {
					newline();
				}
				else if (c == ' ' || c == '\t' || Character.isWhitespace(c)) {
					this.pos++;
				}
				else if (c == '-' && peek(1) == '-' || (syntax.slashSlashComments() && c == '/' && peek(1) == '/')) {
					skipLineComment();
				}
				else if (c == '/' && peek(1) == '*') {
					skipBlockComment();
				}
				else if (this.start < 0 && c == ';') {
					this.pos++;
				}
				else if (this.start < 0 && c == '\\' && syntax.psqlMetaCommands()) {
					metaCommand();
				}
				else {
					if (this.start < 0) {
						this.start = this.pos;
						this.startLine = this.line;
					}
					token(c);
				}
			}
			if (this.start >= 0) {
				if (this.fromStdin) {
					throw new MigrationParseException(this.script, this.startLine,
							"COPY ... FROM stdin is not followed by ';' and its data",
							"End the COPY statement with ';' and put the data rows on the following lines, "
									+ "closed by a line holding only \\.");
				}
				finish(this.length);
			}
			return this.statements;
		}

		private void token(char c) {
			switch (c) {
				case '\'' -> skipString(false);
				case '"' -> skipQuotedIdentifier();
				case '$' -> dollar();
				case '(' -> {
					this.parenDepth++;
					this.pos++;
				}
				case ')' -> {
					if (this.parenDepth > 0) {
						this.parenDepth--;
					}
					this.pos++;
				}
				case ';' -> {
					if (this.parenDepth == 0 && this.atomicDepth == 0) {
						int end = this.pos;
						this.pos++;
						finish(end);
					}
					else {
						this.pos++;
					}
				}
				default -> {
					if (isIdentifierStart(c)) {
						word();
					}
					else {
						this.pos++;
					}
				}
			}
		}

		private void word() {
			int from = this.pos;
			int i = from + 1;
			while (i < this.length && isIdentifierPart(this.text.charAt(i))) {
				i++;
			}
			this.pos = i;
			Syntax syntax = StatementSplitter.this.syntax;
			if (i - from == 1 && syntax.escapeStrings() && (this.text.charAt(from) == 'E' || this.text.charAt(from) == 'e')
					&& peek(0) == '\'') {
				skipString(true);
				return;
			}
			String word = this.text.substring(from, i);
			if (this.firstWord == null) {
				this.firstWord = word;
			}
			if (syntax.atomicBodies()) {
				if (this.atomicDepth > 0) {
					if (word.equalsIgnoreCase("CASE")) {
						this.atomicDepth++;
					}
					else if (word.equalsIgnoreCase("END")) {
						this.atomicDepth--;
					}
				}
				else if (word.equalsIgnoreCase("ATOMIC") && "BEGIN".equalsIgnoreCase(this.previousWord)) {
					this.atomicDepth = 1;
				}
			}
			if (syntax.copyFromStdin() && this.parenDepth == 0 && word.equalsIgnoreCase("STDIN")
					&& "FROM".equalsIgnoreCase(this.previousWord) && "COPY".equalsIgnoreCase(this.firstWord)) {
				this.fromStdin = true;
			}
			this.previousWord = word;
		}

		private void skipString(boolean backslashEscapes) {
			int openLine = this.line;
			int i = this.pos + 1;
			while (true) {
				if (i >= this.length) {
					throw unterminated(openLine, backslashEscapes ? "escape string E'...'" : "string '...'",
							"Close the string with ' (write '' for a quote inside it"
									+ (backslashEscapes ? ", or \\' in an E'...' string" : "")
									+ "), or remove the stray quote");
				}
				char c = this.text.charAt(i);
				if (backslashEscapes && c == '\\') {
					i += 2;
				}
				else if (c == '\'') {
					if (i + 1 < this.length && this.text.charAt(i + 1) == '\'') {
						i += 2;
					}
					else {
						break;
					}
				}
				else {
					i++;
				}
			}
			advanceTo(i + 1);
		}

		private void skipQuotedIdentifier() {
			int openLine = this.line;
			int i = this.pos + 1;
			while (true) {
				int close = this.text.indexOf('"', i);
				if (close < 0) {
					throw unterminated(openLine, "quoted identifier \"...\"",
							"Close the identifier with \" (write \"\" for a quote inside it), or remove the stray quote");
				}
				if (close + 1 < this.length && this.text.charAt(close + 1) == '"') {
					i = close + 2;
				}
				else {
					advanceTo(close + 1);
					return;
				}
			}
		}

		private void dollar() {
			int tagEnd = -1;
			if (peek(1) == '$') {
				tagEnd = this.pos + 1;
			}
			else if (StatementSplitter.this.syntax.dollarQuoteTags() && this.pos + 1 < this.length
					&& isIdentifierStart(this.text.charAt(this.pos + 1))) {
				int i = this.pos + 2;
				while (i < this.length && isTagPart(this.text.charAt(i))) {
					i++;
				}
				if (i < this.length && this.text.charAt(i) == '$') {
					tagEnd = i;
				}
			}
			if (tagEnd < 0) {
				// a parameter such as $1, or a lone $
				this.pos++;
				return;
			}
			String tag = this.text.substring(this.pos, tagEnd + 1);
			int close = this.text.indexOf(tag, tagEnd + 1);
			if (close < 0) {
				throw unterminated(this.line, "dollar-quoted string " + tag + "..." + tag,
						"Close the body with " + tag + " (the same tag that opened it)");
			}
			advanceTo(close + tag.length());
		}

		private void skipLineComment() {
			int i = this.pos + 2;
			while (i < this.length && this.text.charAt(i) != '\n' && this.text.charAt(i) != '\r') {
				i++;
			}
			this.pos = i;
		}

		private void skipBlockComment() {
			boolean nested = StatementSplitter.this.syntax.nestedBlockComments();
			int openLine = this.line;
			int depth = 1;
			int i = this.pos + 2;
			while (depth > 0) {
				if (i + 1 >= this.length) {
					throw unterminated(openLine, "block comment /* ... */",
							"Close the comment with */" + (nested ? " (comments nest: each /* needs its own */)" : ""));
				}
				char c = this.text.charAt(i);
				char next = this.text.charAt(i + 1);
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
			advanceTo(i);
		}

		private void metaCommand() {
			int i = this.pos + 1;
			while (i < this.length && Character.isLetter(this.text.charAt(i))) {
				i++;
			}
			String command = this.text.substring(this.pos + 1, i);
			if (!command.equals("restrict") && !command.equals("unrestrict")) {
				throw new MigrationParseException(this.script, this.line,
						"psql meta-command \\" + command + " is not SQL",
						"Remove the line or replace it with SQL: psql meta-commands (\\connect, \\set, \\i, ...) "
								+ "only work in psql (the \\restrict and \\unrestrict lines pg_dump writes are skipped)");
			}
			skipLineComment();
		}

		private void finish(int end) {
			String sql = this.text.substring(this.start, end).strip();
			String copyData = this.fromStdin ? readCopyData() : null;
			this.statements.add(new SqlStatement(sql, this.startLine, copyData));
			this.start = -1;
			this.parenDepth = 0;
			this.atomicDepth = 0;
			this.firstWord = null;
			this.previousWord = null;
			this.fromStdin = false;
		}

		private String readCopyData() {
			// the data starts on the line after the statement's ';'
			while (this.pos < this.length && this.text.charAt(this.pos) != '\n' && this.text.charAt(this.pos) != '\r') {
				if (!Character.isWhitespace(this.text.charAt(this.pos))) {
					throw new MigrationParseException(this.script, this.line,
							"Text after COPY ... FROM stdin; on the same line",
							"Put the COPY data on the lines after the statement, closed by a line holding only \\.");
				}
				this.pos++;
			}
			if (this.pos < this.length) {
				newline();
			}
			StringBuilder data = new StringBuilder();
			while (this.pos < this.length) {
				int lineStart = this.pos;
				int lineEnd = lineStart;
				while (lineEnd < this.length && this.text.charAt(lineEnd) != '\n' && this.text.charAt(lineEnd) != '\r') {
					lineEnd++;
				}
				this.pos = lineEnd;
				if (lineEnd - lineStart == 2 && this.text.charAt(lineStart) == '\\' && this.text.charAt(lineStart + 1) == '.') {
					if (this.pos < this.length) {
						newline();
					}
					return data.toString();
				}
				data.append(this.text, lineStart, lineEnd).append('\n');
				if (this.pos < this.length) {
					newline();
				}
			}
			throw new MigrationParseException(this.script, this.startLine, "Unterminated COPY data: the COPY ... FROM stdin "
					+ "on line " + this.startLine + " has no closing \\. line",
					"End the data rows with a line holding only \\.");
		}

		private MigrationParseException unterminated(int openLine, String what, String action) {
			return new MigrationParseException(this.script, openLine,
					"Unterminated " + what + ": opened on line " + openLine + " and never closed", action);
		}

		private void newline() {
			if (this.text.charAt(this.pos) == '\r' && peek(1) == '\n') {
				this.pos++;
			}
			this.pos++;
			this.line++;
		}

		/**
		 * Moves to {@code to}, counting the line breaks passed.
		 */
		private void advanceTo(int to) {
			for (int i = this.pos; i < to; i++) {
				char c = this.text.charAt(i);
				if (c == '\n' || (c == '\r' && (i + 1 >= this.length || this.text.charAt(i + 1) != '\n'))) {
					this.line++;
				}
			}
			this.pos = to;
		}

		private char peek(int offset) {
			int i = this.pos + offset;
			return (i < this.length) ? this.text.charAt(i) : '\0';
		}

	}

	private static boolean isIdentifierStart(char c) {
		// like PostgreSQL, any non-ASCII character may start an identifier
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
				|| (c >= 0x80 && !Character.isWhitespace(c) && c != '\uFEFF');
	}

	private static boolean isIdentifierPart(char c) {
		return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
	}

	private static boolean isTagPart(char c) {
		return isIdentifierStart(c) || (c >= '0' && c <= '9');
	}

}
