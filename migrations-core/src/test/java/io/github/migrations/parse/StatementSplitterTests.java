package io.github.migrations.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.migrations.MigrationParseException;
import io.github.migrations.dialect.h2.H2Dialect;
import io.github.migrations.dialect.mariadb.MariaDbLexicalRules;
import io.github.migrations.dialect.postgres.PostgresDialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link StatementSplitter}. Most cases live in {@code parse/splitter-cases.txt} (its
 * header describes the format); the ones that need characters a text file hides (CR, BOM) or a
 * whole file are here.
 */
class StatementSplitterTests {

	private static final StatementSplitter POSTGRES = new StatementSplitter(PostgresDialect.LEXICAL_RULES);

	private static final StatementSplitter H2 = new StatementSplitter(H2Dialect.LEXICAL_RULES);

	private static final StatementSplitter MARIADB = new StatementSplitter(MariaDbLexicalRules.DEFAULT);

	private static final StatementSplitter MARIADB_NO_BACKSLASH_ESCAPES = new StatementSplitter(
			MariaDbLexicalRules.of("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES"));

	@ParameterizedTest(name = "{0}")
	@MethodSource("casesFromFile")
	void splitsAsTheCaseFileExpects(String name, StatementSplitter splitter, String input, Expected expected) {
		if (expected.errorLine() != null) {
			assertThatExceptionOfType(MigrationParseException.class)
				.isThrownBy(() -> splitter.split("case.sql", input, 1))
				.withMessageContaining(expected.errorFragment())
				.satisfies((ex) -> assertThat(ex.getLine()).as("error line").isEqualTo(expected.errorLine()))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("file: case.sql", "line: " + expected.errorLine()));
		}
		else {
			assertThat(splitter.split("case.sql", input, 1)).containsExactlyElementsOf(expected.statements());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("lineEndings")
	void keepsLineNumbersWithAnyLineEnding(String name, String newline) {
		String text = String.join(newline, "-- header", "CREATE TABLE t (", "  id int", ");", "",
				"INSERT INTO t VALUES ('a", "b');", "/* x", "*/ SELECT $$", "$$;", "COPY t FROM stdin;", "1", "2",
				"\\.", "SELECT 15;", "");
		List<SqlStatement> statements = POSTGRES.split("f.sql", text, 1);
		assertThat(statements).extracting(SqlStatement::line).containsExactly(2, 6, 9, 11, 15);
		assertThat(statements.get(0).sql()).isEqualTo(String.join(newline, "CREATE TABLE t (", "  id int", ")"));
		assertThat(statements.get(3).copyData()).isEqualTo("1\n2\n");
		assertThat(statements.get(4).sql()).isEqualTo("SELECT 15");
	}

	static Stream<Arguments> lineEndings() {
		return Stream.of(Arguments.of("LF", "\n"), Arguments.of("CRLF", "\r\n"), Arguments.of("CR", "\r"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errorsWithLineEndings")
	void namesTheLineOfAnUnterminatedQuoteWithAnyLineEnding(String name, String newline) {
		String text = String.join(newline, "SELECT 1;", "", "SELECT 'open", "still", "");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> POSTGRES.split("f.sql", text, 1))
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(3));
	}

	static Stream<Arguments> errorsWithLineEndings() {
		return lineEndings();
	}

	@Test
	void countsLinesFromTheGivenFirstLine() {
		List<SqlStatement> statements = POSTGRES.split("f.sql", "\nSELECT 1;\n\nSELECT 2;", 40);
		assertThat(statements).extracting(SqlStatement::line).containsExactly(41, 43);
	}

	@Test
	void reportsErrorsWithFileLinesFromTheGivenFirstLine() {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> POSTGRES.split("f.sql", "SELECT 1;\n/* open", 10))
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(11));
	}

	@Test
	void ignoresAByteOrderMark() {
		assertThat(POSTGRES.split("f.sql", "\uFEFFSELECT 1;", 1))
			.containsExactly(new SqlStatement("SELECT 1", 1));
	}

	@Test
	void splitsTheSeedsAddressTableMigrationWithItsTriggerFunction() throws IOException {
		String text = resource("seed-user-addresses.sql");
		List<SqlStatement> statements = POSTGRES.split("seed-user-addresses.sql", text, 1);
		assertThat(statements).extracting((s) -> s.sql().substring(0, s.sql().indexOf(' ', 7)), SqlStatement::line)
			.containsExactly(tuple("CREATE TABLE", 5), tuple("CREATE TYPE", 23), tuple("CREATE INDEX", 25),
					tuple("CREATE INDEX", 26), tuple("CREATE UNIQUE", 27), tuple("INSERT INTO", 31),
					tuple("CREATE VIEW", 42), tuple("CREATE OR", 53), tuple("CREATE TRIGGER", 72),
					tuple("DROP TRIGGER", 83), tuple("DROP FUNCTION", 84), tuple("DROP VIEW", 85),
					tuple("DROP TABLE", 86), tuple("DROP TYPE", 87));
		String function = statements.get(7).sql();
		assertThat(function).startsWith("CREATE OR REPLACE FUNCTION sync_user_address()\nRETURNS TRIGGER AS $$\n")
			.contains("RETURN NEW;\nEND IF;\nRETURN NULL;\nEND;\n")
			.endsWith("$$ LANGUAGE plpgsql");
		assertThat(statements).allSatisfy((s) -> assertThat(s.copyData()).isNull());
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3, 4, 5 })
	void splitsRandomMixturesOfTrickyStatementsBackIntoThem(long seed) {
		List<String> pieces = List.of("SELECT 'a;b'", "SELECT E'it\\'s;'", "SELECT \"x;\"\"y\" FROM t",
				"DO $$ BEGIN PERFORM 1; END $$", "CREATE FUNCTION f() RETURNS int AS $f$ SELECT $1; $f$ LANGUAGE sql",
				"SELECT /* a; /* b; */ c; */ 1", "CREATE RULE r AS ON INSERT TO t DO (NOTIFY a; NOTIFY b)",
				"CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END",
				"SELECT 1 -- tail; comment\n+ 2", "INSERT INTO t VALUES ('multi\nline;\ntext')",
				"SELECT U&'d\\0061t;a', B'1', X'1F'", "SELECT $a$ $b$; $a$");
		List<String> separators = List.of(";\n", "; ", ";\r\n", ";\n\n-- note; here\n", ";\n/* x;\n y */\n", ";;\n",
				";\r");
		Random random = new Random(seed);
		StringBuilder text = new StringBuilder();
		List<SqlStatement> expected = new ArrayList<>();
		int line = 1;
		for (int i = 0; i < 200; i++) {
			String piece = pieces.get(random.nextInt(pieces.size()));
			expected.add(new SqlStatement(piece, line));
			String separator = separators.get(random.nextInt(separators.size()));
			text.append(piece).append(separator);
			line += lineBreaks(piece) + lineBreaks(separator);
		}
		assertThat(POSTGRES.split("random.sql", text.toString(), 1))
			.containsExactlyElementsOf(expected);
	}

	private static int lineBreaks(String text) {
		return text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1).length - 1;
	}

	@Test
	void splitsALargeFileInLinearTime() {
		// a self-check, not a benchmark: prints the time for ~50 MB so a quadratic slip shows up
		StringBuilder sb = new StringBuilder(52_000_000);
		int statements = 0;
		while (sb.length() < 50_000_000) {
			sb.append("INSERT INTO t VALUES (").append(statements).append(", 'it''s; text', E'a\\'b', $q$x;y$q$); -- c\n");
			sb.append("/* block /* nested */ */ CREATE FUNCTION f").append(statements)
				.append("() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END;\n");
			statements += 2;
		}
		String text = sb.toString();
		POSTGRES.split("big.sql", text.substring(0, 1_000_000), 1);
		long started = System.nanoTime();
		List<SqlStatement> result = POSTGRES.split("big.sql", text, 1);
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("Split %d MB into %d statements in %d ms%n", text.length() / 1_000_000, result.size(), millis);
		assertThat(result).hasSize(statements);
		assertThat(result.get(result.size() - 1).line()).isEqualTo(statements);
	}

	static Stream<Arguments> casesFromFile() throws IOException {
		List<Arguments> cases = new ArrayList<>();
		String name = null;
		StatementSplitter splitter = POSTGRES;
		List<String> input = new ArrayList<>();
		List<String[]> blocks = new ArrayList<>();
		String error = null;
		List<String> lines = new ArrayList<>(resource("splitter-cases.txt").lines().toList());
		lines.addAll(resource("splitter-cases-mariadb.txt").lines().dropWhile((line) -> !line.startsWith("### ")).toList());
		lines.add("### end");
		for (String line : lines) {
			if (line.startsWith("### ")) {
				if (name != null) {
					cases.add(toCase(name, splitter, input, blocks, error));
				}
				String title = line.substring(4);
				splitter = title.startsWith("h2: ") ? H2 : title.startsWith("mariadb: ") ? MARIADB
						: title.startsWith("mariadb-no-backslash-escapes: ") ? MARIADB_NO_BACKSLASH_ESCAPES : POSTGRES;
				name = title;
				input = new ArrayList<>();
				blocks = new ArrayList<>();
				error = null;
			}
			else if (name == null) {
				continue;
			}
			else if (line.startsWith(">>> ")) {
				blocks.add(new String[] { line.substring(4).trim(), "" });
			}
			else if (line.startsWith("!!! ")) {
				error = line.substring(4);
			}
			else if (blocks.isEmpty()) {
				input.add(line);
			}
			else {
				String[] block = blocks.get(blocks.size() - 1);
				block[1] = block[1] + line + "\n";
			}
		}
		return cases.stream();
	}

	private static Arguments toCase(String name, StatementSplitter splitter, List<String> input, List<String[]> blocks,
			@Nullable String error) {
		String text = String.join("\n", input).stripTrailing() + "\n";
		Expected expected;
		if (error != null) {
			int space = error.indexOf(' ');
			expected = new Expected(List.of(), Integer.parseInt(error.substring(0, space)), error.substring(space + 1));
		}
		else {
			List<SqlStatement> statements = new ArrayList<>();
			for (String[] block : blocks) {
				String body = block[1].stripTrailing();
				int copy = body.indexOf("+++ copy");
				String sql = (copy >= 0) ? body.substring(0, copy).strip() : body;
				String data = (copy >= 0) ? body.substring(copy + "+++ copy".length()).strip() : null;
				if (data != null && !data.isEmpty()) {
					data = data + "\n";
				}
				statements.add(new SqlStatement(sql, Integer.parseInt(block[0]), data));
			}
			expected = new Expected(statements, null, "");
		}
		return Arguments.of(name, splitter, text, expected);
	}

	static String resource(String name) throws IOException {
		try (InputStream in = StatementSplitterTests.class.getResourceAsStream("/parse/" + name)) {
			assertThat(in).as("resource /parse/" + name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * What a case expects: statements, or an error on a line.
	 */
	record Expected(List<SqlStatement> statements, @Nullable Integer errorLine, String errorFragment) {

		@Override
		public String toString() {
			return (this.errorLine != null) ? "error on line " + this.errorLine : this.statements.size() + " statements";
		}

	}

}
