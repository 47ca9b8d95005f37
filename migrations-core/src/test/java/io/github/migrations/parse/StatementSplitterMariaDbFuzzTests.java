package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.migrations.dialect.mariadb.MariaDbLexicalRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random scripts for {@link StatementSplitter} with MariaDB's and MySQL's rules, as
 * {@link StatementSplitterFuzzTests} does for PostgreSQL: a generator builds statements from
 * {@code '...'} and {@code "..."} strings (doubled quotes and backslash escapes), backtick
 * identifiers, {@code #}, {@code -- } and block comments, executable comments, {@code --x} that
 * is no comment, parentheses, and the bodies of procedures, functions, triggers, events and
 * {@code BEGIN NOT ATOMIC} blocks (nested {@code IF}, {@code CASE}, {@code LOOP}, {@code WHILE},
 * {@code REPEAT}, {@code BEGIN}, and the functions {@code IF(...)} and {@code REPEAT(...)}), each
 * holding {@code ;} and the other quotes' openers; between statements, {@code DELIMITER} lines
 * switch to {@code $$}, {@code //} or {@code ;;} and back. Each script checks that the split is
 * exactly the generated statements (text and line) and that the gaps between them hold only
 * blanks, comments, delimiters and {@code DELIMITER} lines. Reproduce a failure with the seed it
 * prints: {@code -Dsplitter.fuzz.seed=<seed> -Dsplitter.fuzz.scripts=1}.
 */
class StatementSplitterMariaDbFuzzTests {

	private static final long SEED = Long.getLong("splitter.fuzz.seed", 20261206L);

	private static final int SCRIPTS = Integer.getInteger("splitter.fuzz.scripts", 50_000);

	private static final StatementSplitter SPLITTER = new StatementSplitter(MariaDbLexicalRules.DEFAULT);

	@Test
	void randomMariaDbScriptsSplitIntoTheirGeneratedStatements() {
		Random seeds = new Random(SEED);
		long statements = 0;
		for (int i = 0; i < SCRIPTS; i++) {
			long seed = seeds.nextLong();
			Generator generator = new Generator(new Random(seed));
			generator.script();
			String text = generator.text.toString();
			statements += generator.statements.size();
			try {
				check(text, generator.statements, generator.offsets);
			}
			catch (AssertionError | RuntimeException ex) {
				fail("Script " + i + " of master seed " + SEED + " failed (script seed " + seed + ")\n--- script ---\n"
						+ text + "\n--- expected ---\n" + generator.statements, ex);
			}
		}
		assertThat(statements).isGreaterThan(SCRIPTS);
	}

	private static void check(String text, List<SqlStatement> expected, List<Integer> offsets) {
		assertThat(SPLITTER.split("fuzz.sql", text, 1)).containsExactlyElementsOf(expected);
		int offset = 0;
		for (int i = 0; i < expected.size(); i++) {
			assertOnlyGap(text.substring(offset, offsets.get(i)));
			offset = offsets.get(i) + expected.get(i).sql().length();
		}
		assertOnlyGap(text.substring(offset));
	}

	/**
	 * Blanks, comments (not executable ones), delimiters and {@code DELIMITER} lines only.
	 */
	private static void assertOnlyGap(String gap) {
		SqlLexer lexer = new SqlLexer(MariaDbLexicalRules.DEFAULT, gap, 1);
		for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
			if (kind == TokenKind.WORD && lexer.is("DELIMITER")) {
				int end = gap.indexOf('\n', lexer.end());
				lexer.resume((end < 0) ? gap.length() : end, lexer.line());
				continue;
			}
			String token = gap.substring(lexer.start(), lexer.end());
			boolean comment = kind == TokenKind.COMMENT && !lexer.executableMark();
			assertThat(comment || token.chars().allMatch((c) -> c == ';' || c == '$' || c == '/'))
				.as("dropped text %s in gap %s", token, gap)
				.isTrue();
		}
	}

	private static final class Generator {

		private static final String[] WORDS = { "SELECT", "INSERT", "INTO", "VALUES", "FROM", "WHERE", "t", "users",
				"x_1", "a$b", "_c", "ÄÖ", "日本", "e", "N", "END", "IF", "CASE", "LOOP", "REPEAT", "WHILE", "PROCEDURE",
				"NOT", "ATOMIC", "TRIGGER" };

		// words that open or close no block in a body
		private static final String[] BODY_WORDS = { "SELECT", "SET", "INSERT", "INTO", "VALUES", "FROM", "x", "a$b",
				"_c", "ÄÖ", "LEAVE", "ITERATE", "RETURN" };

		private static final String[] SYMBOLS = { "+", "=", "<>", ",", ".", "*", "1", "42", "3.14", "-", "!", "@",
				"%", "^", "&", "|", "?", "--x", "1--1", "@@sql_mode" };

		private static final String[] TRICKY = { ";", "'", "\"", "`", "$$", "--", "-- ", "#", "/*", "*/", "/*!",
				"(", ")", "\\", "DELIMITER", "BEGIN", "END", "END IF", "\n", "\r\n", " ", "é", ";;", "//" };

		private static final String[] BLANKS = { " ", "  ", "\t", "\n", "\r\n", "\n\n", " \n " };

		private static final String[] DELIMITERS = { "$$", "//", ";;" };

		private final Random random;

		final StringBuilder text = new StringBuilder();

		final List<SqlStatement> statements = new ArrayList<>();

		final List<Integer> offsets = new ArrayList<>();

		private String delimiter = ";";

		Generator(Random random) {
			this.random = random;
		}

		void script() {
			int count = 1 + this.random.nextInt(6);
			gap(false);
			for (int i = 0; i < count; i++) {
				int start = this.text.length();
				if (chance(3)) {
					program();
				}
				else {
					statement();
				}
				String sql = this.text.substring(start).strip();
				this.statements.add(new SqlStatement(sql, 1 + lineBreaks(start)));
				this.offsets.add(start);
				boolean last = i == count - 1;
				if (!last || chance(2)) {
					char end = this.text.charAt(this.text.length() - 1);
					if (this.delimiter.indexOf(end) >= 0 || end == '$' || end == '/') {
						blank();
					}
					this.text.append(this.delimiter);
					gap(last);
				}
			}
		}

		private int lineBreaks(int end) {
			int breaks = 0;
			for (int i = 0; i < end; i++) {
				char c = this.text.charAt(i);
				if (c == '\n' || (c == '\r' && (i + 1 >= this.text.length() || this.text.charAt(i + 1) != '\n'))) {
					breaks++;
				}
			}
			return breaks;
		}

		private void gap(boolean end) {
			int parts = this.random.nextInt(4);
			for (int i = 0; i < parts; i++) {
				switch (this.random.nextInt(5)) {
					case 0 -> blank();
					case 1 -> lineComment();
					case 2 -> blockComment();
					case 3 -> {
						if (!end) {
							this.text.append('\n').append(chance(2) ? "DELIMITER " : "delimiter ");
							this.delimiter = chance(2) ? ";" : pick(DELIMITERS);
							this.text.append(this.delimiter).append('\n');
						}
					}
					default -> {
						blank();
						this.text.append(this.delimiter);
					}
				}
			}
			blank();
		}

		private void statement() {
			switch (this.random.nextInt(6)) {
				case 0 -> string();
				case 1 -> identifier();
				case 2 -> executableComment();
				default -> this.text.append(pick(WORDS, 0, 12));
			}
			int fragments = this.random.nextInt(8);
			for (int i = 0; i < fragments; i++) {
				blank();
				fragment(0, WORDS);
			}
		}

		private void fragment(int depth, String[] words) {
			switch (this.random.nextInt(10)) {
				case 0 -> this.text.append(pick(words));
				case 1 -> this.text.append(pick(SYMBOLS));
				case 2 -> string();
				case 3 -> identifier();
				case 4 -> lineComment();
				case 5 -> blockComment();
				case 6 -> executableComment();
				case 7 -> {
					if (depth < 3) {
						parentheses(depth, words);
					}
					else {
						string();
					}
				}
				case 8 -> this.text.append(pick(new String[] { "= IF(1, 2, 3)", "REPEAT('a;', 2)",
						"(CASE WHEN 1 THEN ';' ELSE 2 END)", "IF (1)", "X'0A'" }));
				default -> {
					if (!this.delimiter.equals(";")) {
						this.text.append(';');
					}
					else {
						string();
					}
				}
			}
		}

		/** A stored program or anonymous block whose body holds {@code ;}. */
		private void program() {
			this.text.append(pick(new String[] { "CREATE PROCEDURE p(IN n INT)", "create definer = `u`@`%` procedure q()",
					"CREATE FUNCTION f() RETURNS INT DETERMINISTIC", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW",
					"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO", "" }));
			if (this.text.charAt(this.text.length() - 1) == ' ' || this.text.isEmpty()
					|| Character.isWhitespace(this.text.charAt(this.text.length() - 1))) {
				this.text.append("BEGIN NOT ATOMIC");
				body(0, false);
			}
			else {
				blank();
				this.text.append("BEGIN");
				body(0, false);
			}
		}

		/** Inner statements, each ended by {@code ;}, then {@code END}. */
		private void body(int depth, boolean noEnd) {
			int statements = this.random.nextInt(4);
			for (int s = 0; s < statements; s++) {
				blank();
				innerStatement(depth);
				if (this.text.charAt(this.text.length() - 1) == ';') {
					// a ; written as text, then this one, would make the delimiter ;;
					this.text.append(' ');
				}
				this.text.append(';');
			}
			if (!noEnd) {
				blank();
				this.text.append(chance(2) ? "END" : "end");
			}
		}

		private void innerStatement(int depth) {
			int kind = (depth < 3) ? this.random.nextInt(9) : 0;
			switch (kind) {
				case 1 -> {
					this.text.append("IF x > 1 THEN");
					body(depth + 1, true);
					if (chance(2)) {
						this.text.append(" ELSE");
						body(depth + 1, true);
					}
					this.text.append(" END IF");
				}
				case 2 -> {
					this.text.append("lbl: LOOP");
					body(depth + 1, true);
					this.text.append(" END LOOP lbl");
				}
				case 3 -> {
					this.text.append("WHILE x < 3 DO");
					body(depth + 1, true);
					this.text.append(" END WHILE");
				}
				case 4 -> {
					this.text.append("REPEAT");
					body(depth + 1, true);
					this.text.append(" UNTIL x = 0 END REPEAT");
				}
				case 5 -> {
					this.text.append("CASE x WHEN 1 THEN");
					body(depth + 1, true);
					this.text.append(" END CASE");
				}
				case 6 -> {
					this.text.append("BEGIN");
					body(depth + 1, false);
				}
				default -> {
					this.text.append(pick(BODY_WORDS));
					int fragments = this.random.nextInt(5);
					for (int i = 0; i < fragments; i++) {
						blank();
						fragment(0, BODY_WORDS);
					}
				}
			}
		}

		/** {@code '...'} or {@code "..."}: doubled quotes and backslash escapes. */
		private void string() {
			char quote = chance(3) ? '"' : '\'';
			this.text.append(quote);
			int parts = this.random.nextInt(6);
			for (int i = 0; i < parts; i++) {
				String part = pick(TRICKY).replace("\\", "\\\\");
				String escaped = chance(2) ? String.valueOf(quote) + quote : "\\" + quote;
				this.text.append(part.replace(String.valueOf(quote), escaped));
			}
			this.text.append(quote);
		}

		private void identifier() {
			this.text.append('`');
			int parts = 1 + this.random.nextInt(4);
			for (int i = 0; i < parts; i++) {
				this.text.append(pick(TRICKY).replace("`", "``"));
			}
			this.text.append('`');
		}

		/** {@code # ...} or {@code -- ...} up to and including its line end. */
		private void lineComment() {
			this.text.append(pick(new String[] { "#", "-- ", "--\t", "--" }));
			if (this.text.charAt(this.text.length() - 1) != '-') {
				int parts = this.random.nextInt(5);
				for (int i = 0; i < parts; i++) {
					String part = pick(TRICKY);
					if (part.indexOf('\n') < 0 && part.indexOf('\r') < 0) {
						this.text.append(part);
					}
				}
			}
			this.text.append(pick(new String[] { "\n", "\r\n" }));
		}

		/** {@code /* ... *}{@code /} (not nested, not executable). */
		private void blockComment() {
			this.text.append("/* ");
			int parts = this.random.nextInt(5);
			for (int i = 0; i < parts; i++) {
				String part = pick(TRICKY);
				this.text.append((part.indexOf('/') < 0 && part.indexOf('*') < 0) ? part : " ; ");
			}
			this.text.append("*/");
		}

		/** {@code /*!40101 ... *}{@code /} or {@code /*M!100100 ... *}{@code /} holding SQL. */
		private void executableComment() {
			this.text.append(chance(2) ? "/*!40101" : "/*M!100100");
			int fragments = 1 + this.random.nextInt(4);
			for (int i = 0; i < fragments; i++) {
				blank();
				switch (this.random.nextInt(4)) {
					case 0 -> string();
					case 1 -> identifier();
					default -> this.text.append(pick(WORDS, 0, 12));
				}
			}
			this.text.append(" */");
		}

		private void parentheses(int depth, String[] words) {
			this.text.append('(');
			int fragments = this.random.nextInt(5);
			for (int i = 0; i < fragments; i++) {
				blank();
				if (chance(4)) {
					this.text.append(';');
				}
				else {
					fragment(depth + 1, words);
				}
			}
			blank();
			this.text.append(')');
		}

		private void blank() {
			this.text.append(pick(BLANKS));
		}

		private boolean chance(int oneIn) {
			return this.random.nextInt(oneIn) == 0;
		}

		private String pick(String[] choices) {
			return choices[this.random.nextInt(choices.length)];
		}

		private String pick(String[] choices, int from, int to) {
			return choices[from + this.random.nextInt(to - from)];
		}

	}

}
