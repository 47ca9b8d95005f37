package io.github.migrations.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.migrations.MigrationParseException;
import io.github.migrations.dialect.postgres.PostgresDialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MigrationParser}.
 */
class MigrationParserTests {

	private static final String FILE = """
			-- A header: ignored
			-- +migrate Up
			CREATE TABLE t (id int);

			INSERT INTO t VALUES (1);
			-- +migrate Down
			DROP TABLE t;
			""";

	private final MigrationParser parser = new MigrationParser(new StatementSplitter(PostgresDialect.LEXICAL_RULES));

	@Test
	void findsTheUpAndDownSectionsWithoutTheirMarkers() {
		ScriptSections sections = MigrationParser.sections("1_t.sql", FILE);
		assertThat(sections.up()).isEqualTo(
				new ScriptSection("CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n", 3, true));
		assertThat(sections.down()).isEqualTo(new ScriptSection("DROP TABLE t;\n", 7, true));
	}

	@Test
	void splitsSectionsIntoStatementsWithFileLineNumbers() {
		ScriptSections sections = MigrationParser.sections("1_t.sql", FILE);
		assertThat(this.parser.statements("1_t.sql", sections.up())).containsExactly(
				new SqlStatement("CREATE TABLE t (id int)", 3), new SqlStatement("INSERT INTO t VALUES (1)", 5));
		assertThat(this.parser.statements("1_t.sql", sections.down()))
			.containsExactly(new SqlStatement("DROP TABLE t", 7));
	}

	@Test
	void readsAFileWithoutMarkersAsAllUpAsFlywayDoes() {
		String flyway = "-- V1__init.sql, as Flyway writes it\nCREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n";
		ScriptSections sections = MigrationParser.sections("V1__init.sql", flyway);
		assertThat(sections.up()).isEqualTo(new ScriptSection(flyway, 1, true));
		assertThat(sections.down()).isNull();
		assertThat(this.parser.statements("V1__init.sql", sections.up())).containsExactly(
				new SqlStatement("CREATE TABLE t (id int)", 2), new SqlStatement("INSERT INTO t VALUES (1)", 4));
		assertThat(MigrationParser.checksum(sections.up()))
			.isEqualTo(MigrationParser.checksum(new ScriptSection(flyway, 1, true)));
	}

	@Test
	void honoursStatementBeginAndEndInAFileWithoutUpMarker() {
		ScriptSections sections = MigrationParser.sections("V1__f.sql",
				"-- +migrate StatementBegin\nCREATE FUNCTION f() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql;\n"
						+ "-- +migrate StatementEnd\nSELECT 3;\n");
		assertThat(this.parser.statements("V1__f.sql", sections.up())).extracting(SqlStatement::sql)
			.containsExactly("CREATE FUNCTION f() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql", "SELECT 3");
	}

	@Test
	void keepsAnotherToolsMarkersAsCommentsInAFileWithOurs() {
		ScriptSections sections = MigrationParser.sections("1_t.sql",
				"-- +migrate Up\n-- +goose Up (left from goose)\nSELECT 1;\n");
		assertThat(sections.up().text()).startsWith("-- +goose Up");
	}

	@Test
	void treatsAFileWithoutDownAsIrreversible() {
		ScriptSections sections = MigrationParser.sections("1_t.sql", "-- +migrate Up\nSELECT 1;\n");
		assertThat(sections.down()).isNull();
		assertThat(sections.up()).isEqualTo(new ScriptSection("SELECT 1;\n", 2, true));
	}

	@Test
	void allowsAnEmptyDownSection() {
		ScriptSections sections = MigrationParser.sections("1_t.sql",
				"-- +migrate Up\nSELECT 1;\n-- +migrate Down\n-- nothing to undo\n\n");
		assertThat(sections.down()).isEqualTo(new ScriptSection("-- nothing to undo\n\n", 4, true));
		assertThat(this.parser.statements("1_t.sql", sections.down())).isEmpty();
	}

	@Test
	void readsNotransactionOnEitherMarker() {
		ScriptSections sections = MigrationParser.sections("1_t.sql", """
				-- +migrate Up notransaction
				CREATE INDEX CONCURRENTLY i ON t (id);
				-- +migrate Down
				DROP INDEX i;
				""");
		assertThat(sections.up().transactional()).isFalse();
		assertThat(sections.down().transactional()).isTrue();
		ScriptSections downOnly = MigrationParser.sections("1_t.sql",
				"-- +migrate Up\nSELECT 1;\n-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY i;\n");
		assertThat(downOnly.up().transactional()).isTrue();
		assertThat(downOnly.down().transactional()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "-- +migrate Up", "--+migrate up", "-- +MIGRATE UP", "  --   +migrate   Up   ",
			"\t-- +migrate\tUp", "-- +migrate Up -- Rollback: seed template style comment",
			"-- +migrate Up NoTransaction", "-- +migrate up notransaction -- why: concurrently" })
	void acceptsMarkersWrittenLeniently(String marker) {
		ScriptSections sections = MigrationParser.sections("1_t.sql", marker + "\nSELECT 1;\n");
		assertThat(sections.up().text()).isEqualTo("SELECT 1;\n");
		assertThat(sections.up().firstLine()).isEqualTo(2);
		assertThat(sections.up().transactional()).isEqualTo(!marker.toLowerCase().contains("notransaction"));
	}

	@Test
	void keepsHashCommentsThatAreNoMarkers() {
		ScriptSections sections = MigrationParser.sections("f.sql",
				"-- +migrate Up\n# +migrated by hand\n# migrate up later\nSELECT 1;\n");
		assertThat(sections.up().text()).isEqualTo("# +migrated by hand\n# migrate up later\nSELECT 1;\n");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidFiles")
	void rejectsInvalidFilesNamingTheLineAndTheFix(String name, String content, int line, String fragment) {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> MigrationParser.sections("20240101_bad.sql", content))
			.withMessageContaining(fragment)
			.withMessageContaining("file: 20240101_bad.sql")
			.withMessageContaining("Fix: ")
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(line))
			.satisfies((ex) -> assertThat(ex.getAction()).isNotBlank());
	}

	static Stream<Arguments> invalidFiles() {
		return Stream.of(
				Arguments.of("empty file", "", 0, "The file has no statement"),
				Arguments.of("file of comments", "-- nothing\n/* here */\n", 0, "The file has no statement"),
				Arguments.of("goose markers", "-- +goose Up\nCREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;\n",
						1, "'-- +goose Up' is another tool's section marker"),
				Arguments.of("dbmate markers", "-- migrate:up\nCREATE TABLE t (id int);\n", 1,
						"its Down part included"),
				Arguments.of("our marker without its plus", "\n-- migrate Down\nDROP TABLE t;\n", 2,
						"'-- migrate Down' is another tool's section marker"),
				Arguments.of("StatementBegin in the header of a file with Up",
						"-- +migrate StatementBegin\nSELECT 1;\n-- +migrate StatementEnd\n-- +migrate Up\nSELECT 2;\n", 1,
						"before any -- +migrate Up (in the header)"),
				Arguments.of("two Up markers", "-- +migrate Up\nSELECT 1;\n-- +migrate Up\nSELECT 2;\n", 3,
						"Second -- +migrate Up marker (the first is on line 1)"),
				Arguments.of("two Down markers",
						"-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;\n-- +migrate Down\n", 5,
						"Second -- +migrate Down marker (the first is on line 3)"),
				Arguments.of("Down before Up", "-- +migrate Down\nSELECT 2;\n-- +migrate Up\nSELECT 1;\n", 1,
						"-- +migrate Down before any -- +migrate Up"),
				Arguments.of("Up section with only comments",
						"-- header\n-- +migrate Up\n-- nothing\n/* at all; */\n\n-- +migrate Down\nSELECT 1;\n", 2,
						"The Up section has no statement"),
				Arguments.of("Up section empty", "-- +migrate Up\n-- +migrate Down\nSELECT 1;\n", 1,
						"The Up section has no statement"),
				Arguments.of("unknown directive", "-- +migrate Up\nSELECT 1;\n-- +migrate Sideways\n", 3,
						"Unknown directive 'Sideways'"),
				Arguments.of("valid directives are listed", "-- +migrate Upp\nSELECT 1;\n", 1,
						"Up, Down, StatementBegin, StatementEnd"),
				Arguments.of("unknown option", "-- +migrate Up fast\nSELECT 1;\n", 1,
						"Unknown option 'fast' on -- +migrate Up"),
				Arguments.of("valid options are listed", "-- +migrate Up\nSELECT 1;\n-- +migrate Down no-tx\n", 3,
						"Use one of: notransaction"),
				Arguments.of("marker without directive", "-- +migrate\nSELECT 1;\n", 1, "without a directive"),
				Arguments.of("option on StatementBegin",
						"-- +migrate Up\n-- +migrate StatementBegin notransaction\nSELECT 1;\n-- +migrate StatementEnd\n",
						2, "takes no option"),
				Arguments.of("StatementBegin without StatementEnd",
						"-- +migrate Up\nSELECT 1;\n-- +migrate StatementBegin\nSELECT 2;\n", 3,
						"StatementBegin without a StatementEnd"),
				Arguments.of("StatementBegin left open at Down",
						"-- +migrate Up\n-- +migrate StatementBegin\nSELECT 2;\n-- +migrate Down\nSELECT 3;\n", 2,
						"StatementBegin without a StatementEnd"),
				Arguments.of("StatementEnd without StatementBegin",
						"-- +migrate Up\nSELECT 1;\n-- +migrate StatementEnd\n", 3,
						"StatementEnd without a StatementBegin"),
				Arguments.of("nested StatementBegin",
						"-- +migrate Up\n-- +migrate StatementBegin\n-- +migrate StatementBegin\nSELECT 1;\n"
								+ "-- +migrate StatementEnd\n-- +migrate StatementEnd\n",
						3, "inside another (opened on line 2)"),
				Arguments.of("StatementBegin in the header", "-- +migrate StatementBegin\n-- +migrate Up\nSELECT 1;\n",
						1, "before any -- +migrate Up"),
				Arguments.of("our markers as # comments",
						"# +migrate Up\nCREATE TABLE t (id int);\n# +migrate Down\nDROP TABLE t;\n", 1,
						"'# +migrate Up' is a # comment, not a section marker"),
				Arguments.of("# marker names its -- form", "#+migrate up notransaction\nSELECT 1;\n", 1,
						"Write it as '-- +migrate up notransaction'"),
				Arguments.of("# Down marker after a -- Up marker",
						"-- +migrate Up\nCREATE TABLE t (id int);\n  # +migrate Down\nDROP TABLE t;\n", 3,
						"markers are -- comments"),
				Arguments.of("dbmate markers as # comments", "# migrate:up\nCREATE TABLE t (id int);\n", 1,
						"'# migrate:up' is a # comment"));
	}

	@Test
	void keepsTheTextBetweenStatementBeginAndEndAsOneStatement() {
		String content = """
				-- +migrate Up
				SELECT 1;
				-- +migrate StatementBegin
				-- a comment before
				CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING; SELECT 'not split';
				-- +migrate StatementEnd
				SELECT 7;
				-- +migrate Down
				-- +migrate StatementBegin
				SELECT 'a'; SELECT 'b'
				-- +migrate StatementEnd
				""";
		ScriptSections sections = MigrationParser.sections("1_t.sql", content);
		assertThat(this.parser.statements("1_t.sql", sections.up())).containsExactly(new SqlStatement("SELECT 1", 2),
				new SqlStatement("CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING; SELECT 'not split'", 5),
				new SqlStatement("SELECT 7", 7));
		assertThat(this.parser.statements("1_t.sql", sections.down()))
			.containsExactly(new SqlStatement("SELECT 'a'; SELECT 'b'", 10));
	}

	@Test
	void reportsSplitterErrorsWithFileLines() {
		ScriptSections sections = MigrationParser.sections("1_t.sql",
				"-- header\n\n-- +migrate Up\nSELECT 1;\nSELECT 'open;\n");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.parser.statements("1_t.sql", sections.up()))
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(5))
			.withMessageContaining("Unterminated string");
	}

	@Test
	void stripsAByteOrderMark() {
		ScriptSections sections = MigrationParser.sections("1_t.sql", "\uFEFF" + FILE);
		assertThat(sections).isEqualTo(MigrationParser.sections("1_t.sql", FILE));
		ScriptSections bomOnMarker = MigrationParser.sections("1_t.sql", "\uFEFF-- +migrate Up\nSELECT 1;\n");
		assertThat(bomOnMarker.up()).isEqualTo(new ScriptSection("SELECT 1;\n", 2, true));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "\r\n", "\r" })
	void keepsLineNumbersRightWithOtherLineEndings(String newline) {
		String content = FILE.replace("\n", newline);
		ScriptSections sections = MigrationParser.sections("1_t.sql", content);
		assertThat(sections.up().firstLine()).isEqualTo(3);
		assertThat(sections.down().firstLine()).isEqualTo(7);
		assertThat(sections.up().text()).isEqualTo("CREATE TABLE t (id int);" + newline + newline
				+ "INSERT INTO t VALUES (1);" + newline);
		assertThat(this.parser.statements("1_t.sql", sections.up())).extracting(SqlStatement::line)
			.containsExactly(3, 5);
		assertThat(this.parser.statements("1_t.sql", sections.down())).extracting(SqlStatement::line)
			.containsExactly(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "SELECT 1;", "a\r\nb\rc\n", "\r\r\n\n\r", "caf\u00e9 \u20ac \u00ff",
			"emoji \ud83d\ude00 end", "lone \ud83d high", "lone \ude00 low", "high at end \ud83d",
			"\u07ff\u0800\uffff\u0080\u007f" })
	void checksumIsTheSha256OfTheUtf8OfTheTextWithLfLineEndings(String text) throws Exception {
		// the longest case crosses the digest buffer's boundary
		for (String each : new String[] { text, text.repeat(3000) }) {
			String normalised = each.replace("\r\n", "\n").replace('\r', '\n');
			String expected = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(normalised.getBytes(StandardCharsets.UTF_8)));
			assertThat(MigrationParser.checksum(new ScriptSection(each, 1, true))).isEqualTo(expected);
		}
	}

	@Test
	void checksumIsTheSha256OfTheSectionText() {
		assertThat(MigrationParser.checksum(new ScriptSection("SELECT 1;\n", 2, true)))
			.isEqualTo("b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "\r\n", "\r" })
	void checksumIsTheSameWhateverTheLineEndings(String newline) {
		String lf = MigrationParser.checksum(MigrationParser.sections("1_t.sql", FILE).up());
		String other = MigrationParser.checksum(MigrationParser.sections("1_t.sql", FILE.replace("\n", newline)).up());
		assertThat(other).isEqualTo(lf).hasSize(64).matches("[0-9a-f]{64}");
	}

	@Test
	void checksumChangesWhenTheUpSectionChanges() {
		String before = MigrationParser.checksum(MigrationParser.sections("1_t.sql", FILE).up());
		List<String> edits = List.of(FILE.replace("VALUES (1)", "VALUES (2)"), FILE.replace("int);\n", "int);\n\n"),
				FILE.replace("INSERT", "-- a comment\nINSERT"));
		for (String edited : edits) {
			assertThat(MigrationParser.checksum(MigrationParser.sections("1_t.sql", edited).up())).isNotEqualTo(before);
		}
	}

	@Test
	void checksumIgnoresTheDownSectionAndTheHeader() {
		String before = MigrationParser.checksum(MigrationParser.sections("1_t.sql", FILE).up());
		String downChanged = FILE.replace("DROP TABLE t;", "DROP TABLE IF EXISTS t;");
		String headerChanged = FILE.replace("A header", "Another header");
		assertThat(MigrationParser.checksum(MigrationParser.sections("1_t.sql", downChanged).up())).isEqualTo(before);
		assertThat(MigrationParser.checksum(MigrationParser.sections("1_t.sql", headerChanged).up())).isEqualTo(before);
	}

	@Test
	void readsTheSeedMigrations() throws Exception {
		for (String name : List.of("seed-user-preferences.sql", "seed-email-verification.sql",
				"seed-user-addresses.sql")) {
			ScriptSections sections = MigrationParser.sections(name, StatementSplitterTests.resource(name));
			assertThat(sections.up().firstLine()).isEqualTo(2);
			assertThat(sections.down()).isNotNull();
			assertThat(this.parser.statements(name, sections.up())).isNotEmpty();
			assertThat(this.parser.statements(name, sections.down())).isNotEmpty();
		}
	}

}
