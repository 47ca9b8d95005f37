package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.migrations.dialect.h2.H2Dialect;
import io.github.migrations.dialect.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random scripts for {@link StatementSplitter}: a generator builds statements from strings
 * ({@code ''} escapes, {@code E'..'} with backslashes), quoted identifiers, dollar quotes
 * ({@code $$} and {@code $tag$}), line and (nested) block comments, parentheses and
 * {@code BEGIN ATOMIC} bodies, each holding {@code ;} and the other quotes' openers, and joins them
 * with separators made of {@code ;}, blanks and comments. Since the generator knows where every
 * statement begins and ends, each script checks:
 * <ol>
 * <li>the split is exactly the generated statements (text and line): no split inside a quote,
 * comment, parenthesis or atomic body, and none missed;</li>
 * <li>the statements, with the gaps between them, concatenate back to the script, and every gap
 * holds only blanks, comments and {@code ;} (nothing meaningful was dropped);</li>
 * <li>line numbers are monotonic and equal to one plus the line breaks before the statement (LF,
 * CRLF and CR, mixed in one script).</li>
 * </ol>
 * Reproduce a failure with the seed it prints: {@code -Dsplitter.fuzz.seed=<seed>
 * -Dsplitter.fuzz.scripts=1}; explore with other seeds and counts the same way.
 */
class StatementSplitterFuzzTests {

	private static final long SEED = Long.getLong("splitter.fuzz.seed", 20261202L);

	private static final int SCRIPTS = Integer.getInteger("splitter.fuzz.scripts", 100_000);

	@Test
	void randomPostgresScriptsSplitIntoTheirGeneratedStatements() {
		fuzz(new StatementSplitter(PostgresDialect.LEXICAL_RULES), true, SEED, SCRIPTS);
	}

	@Test
	void randomH2ScriptsSplitIntoTheirGeneratedStatements() {
		fuzz(new StatementSplitter(H2Dialect.LEXICAL_RULES), false, SEED, SCRIPTS / 5);
	}

	private static void fuzz(StatementSplitter splitter, boolean postgres, long masterSeed, int scripts) {
		Random seeds = new Random(masterSeed);
		long started = System.nanoTime();
		long statements = 0;
		long characters = 0;
		for (int i = 0; i < scripts; i++) {
			long seed = seeds.nextLong();
			Script script = new Generator(new Random(seed), postgres).script();
			characters += script.text().length();
			statements += script.statements().size();
			try {
				check(splitter, postgres, script);
			}
			catch (AssertionError | RuntimeException ex) {
				fail("Script " + i + " of master seed " + masterSeed + " failed; reproduce with -Dsplitter.fuzz.seed="
						+ masterSeed + " (script seed " + seed + ", " + (postgres ? "postgres" : "h2") + ")\n"
						+ "--- script (visible line ends) ---\n" + visible(script.text()) + "\n--- expected ---\n"
						+ script.statements(), ex);
			}
		}
		System.out.printf("Splitter fuzz (%s, seed %d): %d scripts, %d statements, %d characters in %d ms%n",
				postgres ? "postgres" : "h2", masterSeed, scripts, statements, characters,
				(System.nanoTime() - started) / 1_000_000);
	}

	private static void check(StatementSplitter splitter, boolean postgres, Script script) {
		String text = script.text();
		List<SqlStatement> actual = splitter.split("fuzz.sql", text, 1);
		assertThat(actual).containsExactlyElementsOf(script.statements());
		// Round trip: statements at the offsets the generator wrote them, and gaps between them,
		// make up the whole script; a gap holds nothing a database would run.
		StringBuilder rebuilt = new StringBuilder();
		int offset = 0;
		int previousLine = 1;
		for (int i = 0; i < actual.size(); i++) {
			SqlStatement statement = actual.get(i);
			int at = script.offsets().get(i);
			String gap = text.substring(offset, at);
			assertOnlyBlanksCommentsAndSemicolons(gap, postgres);
			rebuilt.append(gap).append(statement.sql());
			assertThat(statement.line()).as("line of the statement at offset %d", at)
				.isEqualTo(1 + lineBreaks(text, at))
				.isGreaterThanOrEqualTo(previousLine);
			previousLine = statement.line();
			offset = at + statement.sql().length();
		}
		String tail = text.substring(offset);
		assertOnlyBlanksCommentsAndSemicolons(tail, postgres);
		assertThat(rebuilt.append(tail).toString()).isEqualTo(text);
	}

	private static void assertOnlyBlanksCommentsAndSemicolons(String gap, boolean postgres) {
		// skipBlanksAndComments nests block comments: fine for H2 too, whose gap comments this
		// generator never nests; H2's // comments are skipped here
		int i = 0;
		while (i < gap.length()) {
			i = StatementSplitter.skipBlanksAndComments(gap, i);
			if (i >= gap.length()) {
				break;
			}
			if (!postgres && gap.startsWith("//", i)) {
				while (i < gap.length() && gap.charAt(i) != '\n' && gap.charAt(i) != '\r') {
					i++;
				}
			}
			else {
				assertThat(gap.charAt(i)).as("dropped text %s", visible(gap)).isEqualTo(';');
				i++;
			}
		}
	}

	private static int lineBreaks(String text, int end) {
		int breaks = 0;
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
				breaks++;
			}
		}
		return breaks;
	}

	private static String visible(String text) {
		return text.replace("\r\n", "\\r\\n\n").replace("\r", "\\r\n");
	}

	/**
	 * A generated script and the statements it holds.
	 */
	record Script(String text, List<SqlStatement> statements, List<Integer> offsets) {
	}

	/**
	 * Builds one script. Every fragment of a statement is separated from the next by at least one
	 * blank, so that no two fragments fuse into another token (a word ending in {@code E} before a
	 * string, a word before a dollar tag).
	 */
	private static final class Generator {

		private static final String[] WORDS = { "SELECT", "INSERT", "INTO", "VALUES", "FROM", "WHERE", "t", "users",
				"x_1", "a$b", "_c", "ÄÖ", "日本", "e", "E", "U", "stdin", "copy_not", "DO", "LANGUAGE", "sql" };

		private static final String[] SYMBOLS = { "+", "=", "<>", "::", ",", ".", "*", "1", "42", "3.14", "$1", "$2",
				"-", "/", "!", "[", "]", "@", "#", "%", "^", "&", "|", "`", "?", ":" };

		// characters that tempt the scanner inside quoted text and comments
		private static final String[] TRICKY = { ";", "'", "\"", "$", "$$", "$a$", "--", "/*", "*/", "(", ")",
				"\\", "E'", "BEGIN ATOMIC", "END", "CASE", "COPY", "FROM stdin", "\n", "\r\n", "\r", " ", "x", "é" };

		private static final String[] BLANKS = { " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", " \n " };

		private final Random random;

		private final boolean postgres;

		private final StringBuilder text = new StringBuilder();

		Generator(Random random, boolean postgres) {
			this.random = random;
			this.postgres = postgres;
		}

		Script script() {
			List<SqlStatement> statements = new ArrayList<>();
			List<Integer> offsets = new ArrayList<>();
			if (chance(3)) {
				gap(false);
			}
			int count = 1 + this.random.nextInt(6);
			for (int i = 0; i < count; i++) {
				int start = this.text.length();
				statement();
				// a statement may end in a line comment's line break, which the splitter trims
				String sql = this.text.substring(start).strip();
				statements.add(new SqlStatement(sql, 1 + lineBreaks(this.text.toString(), start)));
				offsets.add(start);
				boolean last = i == count - 1;
				if (!last || chance(2)) {
					this.text.append(';');
					gap(last);
				}
			}
			return new Script(this.text.toString(), statements, offsets);
		}

		/**
		 * Between statements: blanks, comments and empty statements. Not before a last statement
		 * without {@code ;} (a comment there would belong to it).
		 */
		private void gap(boolean end) {
			int parts = this.random.nextInt(4);
			for (int i = 0; i < parts; i++) {
				switch (this.random.nextInt(4)) {
					case 0 -> blank();
					case 1 -> lineComment();
					case 2 -> blockComment(0);
					default -> this.text.append(';');
				}
			}
			if (!end || chance(2)) {
				blank();
			}
		}

		private void statement() {
			// the first token is never a comment: a comment there belongs to the gap before
			switch (this.random.nextInt(8)) {
				case 0 -> string();
				case 1 -> quotedIdentifier();
				case 2 -> parentheses(0, false);
				case 3 -> dollarQuote();
				default -> word();
			}
			int fragments = this.random.nextInt(8);
			for (int i = 0; i < fragments; i++) {
				int before = this.text.length();
				fragment(0, false);
				glueOrBlank(before);
			}
			if (this.postgres && chance(6)) {
				blank();
				atomicBody();
			}
		}

		private void fragment(int depth, boolean inAtomic) {
			int kinds = this.postgres ? 11 : 9;
			switch (this.random.nextInt(kinds)) {
				case 0 -> word();
				case 1 -> this.text.append(pick(SYMBOLS));
				case 2 -> string();
				case 3 -> quotedIdentifier();
				case 4 -> dollarQuote();
				case 5 -> {
					lineComment();
				}
				case 6 -> blockComment(0);
				case 7 -> {
					if (depth < 3) {
						parentheses(depth, inAtomic);
					}
					else {
						word();
					}
				}
				case 8 -> string();
				case 9 -> escapeString();
				default -> dollarQuote();
			}
		}

		/**
		 * Separates the fragment just written (from {@code before}) from the one before it by a
		 * blank, unless the two may touch without forming another token: after {@code )}, a
		 * closing quote or a comment's end, or before {@code (}, {@code )}, {@code ,} or
		 * {@code ;} (as in {@code f('a')}, {@code "t"(x)}, {@code "a""b"}). Two strings never touch:
		 * {@code E'x'} then {@code '\'} would fuse into one escape string, where the second's
		 * backslash escapes its closing quote.
		 */
		private void glueOrBlank(int before) {
			char previous = (before > 0) ? this.text.charAt(before - 1) : ' ';
			char next = this.text.charAt(before);
			boolean touch = ")'\"\n\r".indexOf(previous) >= 0
					|| (before >= 2 && this.text.charAt(before - 2) == '*' && previous == '/')
					|| "(),;".indexOf(next) >= 0;
			touch &= !(previous == '\'' && next == '\'');
			if (!touch || chance(2)) {
				this.text.insert(before, pick(BLANKS));
			}
		}

		private void word() {
			this.text.append(pick(WORDS));
		}

		private void blank() {
			this.text.append(pick(BLANKS));
		}

		/** {@code '...'}, a quote written as {@code ''}; a backslash is plain text here. */
		private void string() {
			this.text.append('\'');
			int parts = this.random.nextInt(6);
			for (int i = 0; i < parts; i++) {
				String part = pick(TRICKY);
				this.text.append(part.replace("'", "''"));
			}
			this.text.append('\'');
		}

		/** {@code E'...'}: backslash escapes ({@code \'}, {@code \\}, {@code \n}) and {@code ''}. */
		private void escapeString() {
			this.text.append(chance(2) ? "E'" : "e'");
			int parts = this.random.nextInt(6);
			for (int i = 0; i < parts; i++) {
				switch (this.random.nextInt(5)) {
					case 0 -> this.text.append("\\'");
					case 1 -> this.text.append("\\\\");
					case 2 -> this.text.append("''");
					case 3 -> this.text.append("\\n");
					default -> this.text.append(pick(TRICKY).replace("\\", "\\\\").replace("'", "\\'"));
				}
			}
			this.text.append('\'');
		}

		/** {@code "..."}, a quote written as {@code ""}. */
		private void quotedIdentifier() {
			this.text.append('"');
			int parts = 1 + this.random.nextInt(4);
			for (int i = 0; i < parts; i++) {
				this.text.append(pick(TRICKY).replace("\"", "\"\""));
			}
			this.text.append('"');
		}

		/** {@code $$...$$} or {@code $tag$...$tag$} (H2: {@code $$} only) with a body that never closes it early. */
		private void dollarQuote() {
			String tag = "$$";
			if (this.postgres && chance(2)) {
				tag = "$" + pick(new String[] { "a", "body", "f_1", "x9", "é" }) + "$";
			}
			while (true) {
				StringBuilder body = new StringBuilder();
				int parts = this.random.nextInt(6);
				for (int i = 0; i < parts; i++) {
					body.append(pick(TRICKY));
				}
				if ((body + tag).indexOf(tag) == body.length()) {
					this.text.append(tag).append(body).append(tag);
					return;
				}
			}
		}

		/** {@code -- ...} up to and including its line end. */
		private void lineComment() {
			this.text.append(!this.postgres && chance(3) ? "//" : "--");
			int parts = this.random.nextInt(5);
			for (int i = 0; i < parts; i++) {
				String part = pick(TRICKY);
				if (part.indexOf('\n') < 0 && part.indexOf('\r') < 0) {
					this.text.append(part);
				}
			}
			this.text.append(pick(new String[] { "\n", "\r\n", "\r" }));
		}

		/**
		 * {@code /* ... *}{@code /}, nested on PostgreSQL. The body's text never puts a {@code /}
		 * or {@code *} next to the marks, which would make other marks.
		 */
		private void blockComment(int depth) {
			this.text.append("/*");
			int parts = this.random.nextInt(5);
			for (int i = 0; i < parts; i++) {
				if (this.postgres && depth < 3 && chance(4)) {
					this.text.append(' ');
					blockComment(depth + 1);
					this.text.append(' ');
				}
				else {
					String part = pick(TRICKY);
					if (part.indexOf('/') < 0 && part.indexOf('*') < 0) {
						this.text.append(part);
					}
					else {
						this.text.append(" ; ");
					}
				}
			}
			this.text.append("*/");
		}

		/** {@code ( ... )} whose contents may hold {@code ;} (a rule's actions). */
		private void parentheses(int depth, boolean inAtomic) {
			this.text.append('(');
			int fragments = this.random.nextInt(5);
			for (int i = 0; i < fragments; i++) {
				int before = this.text.length();
				if (chance(4)) {
					this.text.append(';');
				}
				else {
					fragment(depth + 1, inAtomic);
				}
				glueOrBlank(before);
			}
			if (chance(2)) {
				blank();
			}
			this.text.append(')');
		}

		/** {@code BEGIN ATOMIC stmt; ... END}, with {@code CASE ... END} nested inside. */
		private void atomicBody() {
			this.text.append(chance(2) ? "BEGIN ATOMIC" : "begin\natomic");
			int statements = this.random.nextInt(4);
			for (int s = 0; s < statements; s++) {
				blank();
				word();
				int fragments = this.random.nextInt(5);
				for (int i = 0; i < fragments; i++) {
					blank();
					if (chance(4)) {
						caseExpression(0);
					}
					else {
						fragment(0, true);
					}
				}
				this.text.append(';');
			}
			blank();
			this.text.append(chance(2) ? "END" : "end");
		}

		private void caseExpression(int depth) {
			this.text.append("CASE WHEN ");
			if (depth < 2 && chance(3)) {
				caseExpression(depth + 1);
			}
			else {
				fragment(0, true);
			}
			this.text.append(" THEN ");
			fragment(0, true);
			this.text.append(" END");
		}

		private boolean chance(int oneIn) {
			return this.random.nextInt(oneIn) == 0;
		}

		private String pick(String[] choices) {
			return choices[this.random.nextInt(choices.length)];
		}

	}

}
