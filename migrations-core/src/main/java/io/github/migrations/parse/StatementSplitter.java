package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.MigrationParseException;
import io.github.migrations.parse.LexicalRules.Feature;

/**
 * Splits the SQL text of a migration into statements, following the {@link LexicalRules} of one
 * database. One pass of a {@link SqlLexer} over the text, allocating nothing per token, linear in
 * the length of the text.
 * <ol>
 * <li>Before a statement's first token, skip comments and {@code ;} (and, where the rules say,
 * the {@code &#92;restrict} and {@code &#92;unrestrict} lines pg_dump writes; any other psql
 * meta-command is an error). The first other token starts the statement and fixes its
 * line.</li>
 * <li>A string, quoted identifier, dollar quote or block comment left open is an error naming
 * the line it was opened on; a {@code ;} inside one is just text (the lexer reads them
 * whole).</li>
 * <li>Track parentheses and {@code BEGIN ATOMIC ... END} bodies (a {@code CASE ... END} nests
 * inside); a {@code ;} ends the statement only outside both.</li>
 * <li>The statement is the text from its first token to that {@code ;}, trimmed; pieces with no
 * token yield nothing. After {@code COPY ... FROM stdin;} the following lines up to {@code \.}
 * are the statement's data.</li>
 * </ol>
 * Where the rules have {@link Feature#DELIMITER_AND_COMPOUND_STATEMENTS} (MariaDB, MySQL), as
 * their command-line clients and Flyway read a script (the scan consults
 * {@code CompoundStatements}):
 * <ol>
 * <li>A {@code DELIMITER xyz} line at a statement's start sets what ends the following
 * statements, until the next such line; the line itself is no statement. Another delimiter than
 * {@code ;} ends a statement wherever it appears outside quotes and comments ({@code END$$}),
 * and {@code ;} is then just text.</li>
 * <li>With {@code ;}, the body of a procedure, function, trigger or event ({@code CREATE ...
 * PROCEDURE|FUNCTION|TRIGGER|EVENT}) and a {@code BEGIN NOT ATOMIC} block hold {@code ;}: their
 * {@code BEGIN}, {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT} (not the function
 * {@code REPEAT(...)}) and {@code IF} at the start of an inner statement open a block that
 * {@code END} closes ({@code END IF} and the like open none).</li>
 * <li>The marks of an executable comment {@code /*!...*}{@code /} are statement text, not
 * comments.</li>
 * </ol>
 * PostgreSQL is assumed to run with {@code standard_conforming_strings = on} (the default since
 * 9.1, and what pg_dump sets): a backslash in {@code '...'} is text. Instances are immutable and
 * thread-safe.
 */
public final class StatementSplitter {

	private final LexicalRules rules;

	public StatementSplitter(LexicalRules rules) {
		this.rules = rules;
	}

	/**
	 * The lexical rules the statements are read with.
	 */
	public LexicalRules rules() {
		return this.rules;
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
		return new Split(script, text, firstLine).run();
	}

	/**
	 * The offset of the first character at or after {@code from} that is neither blank (a byte
	 * order mark counts as one) nor in a comment (standard SQL's: nested block comments), or the
	 * text's length when there is none. Does not fail on an unterminated comment (it then
	 * returns the length).
	 */
	static int skipBlanksAndComments(String text, int from) {
		SqlLexer lexer = new SqlLexer(LexicalRules.SQL_STANDARD, text, from, text.length(), 1);
		for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
			if (kind != TokenKind.COMMENT && !(kind == TokenKind.SYMBOL && text.charAt(lexer.start()) == '\uFEFF')) {
				return lexer.start();
			}
		}
		return text.length();
	}

	/**
	 * The state of one {@code split} call.
	 */
	private final class Split {

		private final String script;

		private final String text;

		private final SqlLexer lexer;

		private final List<SqlStatement> statements = new ArrayList<>();

		// the statement being read; start < 0 until its first token
		private int start = -1;

		private int startLine;

		private int parenDepth;

		private int atomicDepth;

		private final StatementWords words;

		private boolean fromStdin;

		// MariaDB, MySQL: what ends a statement, the BEGIN ... END blocks of a stored program
		private final CompoundStatements compound;

		private int executableCommentLine;

		Split(String script, String text, int firstLine) {
			this.script = script;
			this.text = text;
			this.lexer = new SqlLexer(StatementSplitter.this.rules, text, firstLine);
			this.words = new StatementWords(text);
			this.compound = new CompoundStatements(StatementSplitter.this.rules, text, this.words);
		}

		List<SqlStatement> run() {
			SqlLexer lexer = this.lexer;
			for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
				if (!lexer.terminated()) {
					throw unterminated(kind);
				}
				if (kind != TokenKind.STRING && kind != TokenKind.QUOTED_IDENTIFIER && kind != TokenKind.COMMENT
						&& customDelimiter()) {
					continue;
				}
				if (kind == TokenKind.COMMENT && lexer.executableMark() && lexer.inExecutableComment()) {
					this.executableCommentLine = lexer.line();
				}
				if (this.start < 0) {
					if ((kind == TokenKind.COMMENT && !lexer.executableMark())
							|| (kind == TokenKind.STATEMENT_END && this.compound.semicolonEnds())) {
						continue;
					}
					if (this.compound.isDelimiterLine(kind, lexer)) {
						this.compound.delimiterLine(lexer, this.script, lineEnd(lexer.end()));
						continue;
					}
					if (kind == TokenKind.SYMBOL && this.text.charAt(lexer.start()) == '\\'
							&& StatementSplitter.this.rules.has(Feature.PSQL_META_COMMANDS)) {
						metaCommand();
						continue;
					}
					this.start = lexer.start();
					this.startLine = lexer.line();
				}
				switch (kind) {
					case WORD -> word(lexer.start(), lexer.end());
					case SYMBOL -> parenthesis(this.text.charAt(lexer.start()));
					case STATEMENT_END -> {
						if (this.parenDepth == 0 && this.atomicDepth == 0 && !this.compound.inBlock()
								&& this.compound.semicolonEnds()) {
							finish(lexer.start());
						}
					}
					default -> {
						// strings, identifiers, numbers and comments hold nothing that ends a statement
					}
				}
				if (kind != TokenKind.COMMENT) {
					this.words.previousToken(lexer.start(), lexer.end());
				}
			}
			if (lexer.inExecutableComment()) {
				throw new MigrationParseException(this.script, this.executableCommentLine,
						"Unterminated executable comment /*! ... */: opened on line " + this.executableCommentLine
								+ " and never closed",
						"Close the comment with */");
			}
			if (this.start >= 0 && this.compound.inBlock()) {
				throw new MigrationParseException(this.script, this.startLine,
						"The body of the statement on line " + this.startLine + " has a BEGIN, IF, CASE, LOOP, WHILE "
								+ "or REPEAT that no END closes",
						"Close each block with its END (END IF, END CASE, END LOOP, END WHILE, END REPEAT), or put "
								+ "DELIMITER $$ before the statement, end it with $$ and put DELIMITER ; after it");
			}
			if (this.start >= 0) {
				if (this.fromStdin) {
					throw new MigrationParseException(this.script, this.startLine,
							"COPY ... FROM stdin is not followed by ';' and its data",
							"End the COPY statement with ';' and put the data rows on the following lines, "
									+ "closed by a line holding only \\.");
				}
				finish(this.text.length());
			}
			return this.statements;
		}

		private void parenthesis(char c) {
			if (c == '(') {
				this.parenDepth++;
				this.compound.openParenthesis();
			}
			else if (c == ')' && this.parenDepth > 0) {
				this.parenDepth--;
			}
		}

		private void word(int from, int to) {
			StatementWords words = this.words;
			words.first(from, to);
			LexicalRules rules = StatementSplitter.this.rules;
			if (rules.has(Feature.ATOMIC_BODIES)) {
				if (this.atomicDepth > 0) {
					if (words.is(from, to, "CASE")) {
						this.atomicDepth++;
					}
					else if (words.is(from, to, "END")) {
						this.atomicDepth--;
					}
				}
				else if (words.is(from, to, "ATOMIC") && words.previousIs("BEGIN")) {
					this.atomicDepth = 1;
				}
			}
			this.compound.word(from, to, this.parenDepth);
			if (rules.has(Feature.COPY_FROM_STDIN) && this.parenDepth == 0 && words.is(from, to, "STDIN")
					&& words.previousIs("FROM") && words.firstIs("COPY")) {
				this.fromStdin = true;
			}
			words.previous(from, to);
		}

		/**
		 * With a delimiter other than {@code ;}: whether it starts in the current token, which
		 * then ends the statement (if any) before it; the lexer goes on after it.
		 */
		private boolean customDelimiter() {
			int at = this.compound.delimiterIn(this.lexer.start(), this.lexer.end());
			if (at < 0) {
				return false;
			}
			if (this.start < 0 && at > this.lexer.start()) {
				this.start = this.lexer.start();
				this.startLine = this.lexer.line();
			}
			int line = this.lexer.line();
			if (this.start >= 0) {
				finish(at);
			}
			this.lexer.resume(at + this.compound.delimiterLength(), line);
			return true;
		}

		private MigrationParseException unterminated(TokenKind kind) {
			int from = this.lexer.start();
			char first = this.text.charAt(from);
			if (kind == TokenKind.COMMENT) {
				return unterminated("block comment /* ... */", "Close the comment with */"
						+ (StatementSplitter.this.rules.has(Feature.NESTED_BLOCK_COMMENTS)
								? " (comments nest: each /* needs its own */)" : ""));
			}
			if (kind == TokenKind.QUOTED_IDENTIFIER) {
				if (first == '`') {
					return unterminated("backtick identifier `...`",
							"Close the identifier with ` (write `` for a backtick inside it), or remove the stray "
									+ "backtick");
				}
				return unterminated("quoted identifier \"...\"",
						"Close the identifier with \" (write \"\" for a quote inside it), or remove the stray quote");
			}
			if (first == '$') {
				String tag = this.text.substring(from, this.text.indexOf('$', from + 1) + 1);
				return unterminated("dollar-quoted string " + tag + "..." + tag,
						"Close the body with " + tag + " (the same tag that opened it)");
			}
			boolean backslashEscapes = first == 'E' || first == 'e';
			return unterminated(backslashEscapes ? "escape string E'...'" : "string '...'",
					"Close the string with ' (write '' for a quote inside it"
							+ (backslashEscapes ? ", or \\' in an E'...' string" : "") + "), or remove the stray quote");
		}

		private MigrationParseException unterminated(String what, String action) {
			int openLine = this.lexer.line();
			return new MigrationParseException(this.script, openLine,
					"Unterminated " + what + ": opened on line " + openLine + " and never closed", action);
		}

		private void metaCommand() {
			int from = this.lexer.start();
			int i = from + 1;
			while (i < this.text.length() && !Character.isWhitespace(this.text.charAt(i))) {
				i++;
			}
			String command = this.text.substring(from + 1, i);
			if (!command.equals("restrict") && !command.equals("unrestrict")) {
				throw new MigrationParseException(this.script, this.lexer.line(),
						"psql meta-command \\" + command + " is not SQL",
						"Remove the line or replace it with SQL: psql meta-commands (\\connect, \\set, \\i, ...) "
								+ "only work in psql (the \\restrict and \\unrestrict lines pg_dump writes are skipped)");
			}
			this.lexer.resume(lineEnd(i), this.lexer.line());
		}

		private void finish(int end) {
			String sql = this.text.substring(this.start, end).strip();
			String copyData = this.fromStdin ? readCopyData() : null;
			if (!sql.isEmpty()) {
				this.statements.add(new SqlStatement(sql, this.startLine, copyData, StatementSplitter.this.rules));
			}
			this.start = -1;
			this.parenDepth = 0;
			this.atomicDepth = 0;
			this.words.reset();
			this.compound.reset();
			this.fromStdin = false;
		}

		/**
		 * Reads the lines after {@code COPY ... FROM stdin;} up to {@code \.}, then lets the
		 * lexer go on after them.
		 */
		private String readCopyData() {
			String text = this.text;
			int length = text.length();
			int pos = this.lexer.end();
			int line = this.lexer.line();
			// the data starts on the line after the statement's ';'
			int end = lineEnd(pos);
			for (int i = pos; i < end; i++) {
				if (!Character.isWhitespace(text.charAt(i))) {
					throw new MigrationParseException(this.script, line,
							"Text after COPY ... FROM stdin; on the same line",
							"Put the COPY data on the lines after the statement, closed by a line holding only \\.");
				}
			}
			pos = nextLine(end);
			line++;
			StringBuilder data = new StringBuilder();
			while (pos < length) {
				end = lineEnd(pos);
				if (end - pos == 2 && text.charAt(pos) == '\\' && text.charAt(pos + 1) == '.') {
					this.lexer.resume(nextLine(end), line + 1);
					return data.toString();
				}
				data.append(text, pos, end).append('\n');
				pos = nextLine(end);
				line++;
			}
			throw new MigrationParseException(this.script, this.startLine, "Unterminated COPY data: the COPY ... FROM stdin "
					+ "on line " + this.startLine + " has no closing \\. line",
					"End the data rows with a line holding only \\.");
		}

		private int lineEnd(int from) {
			int i = from;
			while (i < this.text.length() && this.text.charAt(i) != '\n' && this.text.charAt(i) != '\r') {
				i++;
			}
			return i;
		}

		/**
		 * The start of the line after the line break at {@code lineEnd} (LF, CRLF or CR).
		 */
		private int nextLine(int lineEnd) {
			if (lineEnd >= this.text.length()) {
				return lineEnd;
			}
			boolean crlf = this.text.charAt(lineEnd) == '\r' && lineEnd + 1 < this.text.length()
					&& this.text.charAt(lineEnd + 1) == '\n';
			return lineEnd + (crlf ? 2 : 1);
		}

	}

}
