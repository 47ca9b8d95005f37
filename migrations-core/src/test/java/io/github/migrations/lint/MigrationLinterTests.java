package io.github.migrations.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.discovery.MigrationScanner;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.MigrationParseException;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.ScriptSections;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The linter as a whole: waivers, file and line, sections, locations, and robustness on every
 * statement the splitter's tests know.
 */
class MigrationLinterTests {

	private final MigrationLinter linter = MigrationLinter.postgres();

	private List<LintViolation> lint(String up) {
		return this.linter.lint("V1__test.sql", "-- +migrate Up\n" + up);
	}

	@Test
	void waiverWithAReasonSuppressesTheNamedRuleOnTheNextStatement() {
		List<LintViolation> found = lint("""
				-- migrations:allow index-not-concurrent the table has 40 rows and is written once a day
				CREATE INDEX idx_users_email ON users (email);
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void waiverAppliesOnlyToTheStatementDirectlyBelowIt() {
		List<LintViolation> found = lint("""
				-- migrations:allow index-not-concurrent tiny lookup table
				CREATE INDEX idx_a ON countries (code);
				CREATE INDEX idx_b ON users (email);
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(4, "index-not-concurrent"));
	}

	@Test
	void severalWaiverLinesAmongOtherCommentsWaiveSeveralRules() {
		List<LintViolation> found = lint("""
				-- Tokens for the password reset links.
				-- migrations:allow volatile-default sessions is truncated nightly and empty at deploy time
				-- (see the runbook)
				-- migrations:allow unique-constraint same: the table is empty
				ALTER TABLE sessions ADD COLUMN token uuid DEFAULT gen_random_uuid(), ADD CONSTRAINT uq_token UNIQUE (token);
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void waiverForAnotherRuleLeavesTheViolation() {
		List<LintViolation> found = lint("""
				-- migrations:allow drop the old column is unused since release 42
				ALTER TABLE users ALTER COLUMN email SET NOT NULL;
				""");
		assertThat(found).extracting(LintViolation::ruleId).containsExactly("set-not-null");
	}

	@Test
	void waiverSeparatedFromTheStatementByABlankLineDoesNotApply() {
		List<LintViolation> found = lint("""
				-- migrations:allow index-not-concurrent tiny table

				CREATE INDEX idx_a ON countries (code);
				""");
		assertThat(found).extracting(LintViolation::ruleId).containsExactly("index-not-concurrent");
	}

	@Test
	void waiverWithoutReasonIsReportedAndWaivesNothing() {
		List<LintViolation> found = lint("""
				-- migrations:allow index-not-concurrent
				CREATE INDEX idx_a ON countries (code);
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId, LintViolation::severity)
			.containsExactly(tuple(2, MigrationLinter.WAIVER_WITHOUT_REASON, Severity.ERROR),
					tuple(3, "index-not-concurrent", Severity.ERROR));
		assertThat(found.get(0).message()).contains("-- migrations:allow index-not-concurrent <reason>");
	}

	@Test
	void waiverNamingAnUnknownRuleIsReported() {
		List<LintViolation> found = lint("""
				-- migrations:allow index-not-concurent typo in the id
				-- migrations:allow
				CREATE INDEX idx_a ON countries (code);
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(2, MigrationLinter.UNKNOWN_WAIVER), tuple(3, MigrationLinter.UNKNOWN_WAIVER),
					tuple(4, "index-not-concurrent"));
		assertThat(found.get(0).message()).contains("'index-not-concurent'").contains("index-not-concurrent");
		assertThat(found.get(1).message()).contains("names no rule");
	}

	@Test
	void waiverAboveStatementBeginApplies() {
		List<LintViolation> found = lint("""
				-- migrations:allow unbatched-dml the table has a dozen rows
				-- +migrate StatementBegin
				UPDATE settings SET value = upper(value);
				-- +migrate StatementEnd
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void reportsFileLineRuleAndExcerptOfEachViolation() {
		List<LintViolation> found = this.linter.lint("db/migration/V7__index.sql", """
				-- header comment
				-- +migrate Up
				CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz NOT NULL);

				/* the lookup the report needs */
				CREATE INDEX idx_users_created
				    ON users (created_at);
				""");
		assertThat(found).hasSize(1);
		LintViolation violation = found.get(0);
		assertThat(violation.script()).isEqualTo("db/migration/V7__index.sql");
		assertThat(violation.line()).isEqualTo(6);
		assertThat(violation.statement()).isEqualTo("CREATE INDEX idx_users_created ON users (created_at)");
		assertThat(violation.describe()).startsWith("db/migration/V7__index.sql:6 index-not-concurrent (ERROR) ")
			.contains("CREATE INDEX CONCURRENTLY");
	}

	@Test
	void schemaSmellsNameTheColumn() {
		List<LintViolation> found = lint("""
				CREATE TABLE events (id bigint PRIMARY KEY, payload json, at timestamp(3), kind varchar(20));
				ALTER TABLE users ALTER COLUMN settings SET DATA TYPE json;
				""");
		assertThat(found).filteredOn((v) -> v.severity() == Severity.ADVICE)
			.extracting(LintViolation::line, (v) -> v.message().substring(0, v.message().indexOf(" is ")))
			.containsExactly(tuple(2, "Column payload"), tuple(2, "Column at"), tuple(2, "Column kind"),
					tuple(3, "Column settings"));
	}

	@Test
	void downSectionIsNotLinted() {
		List<LintViolation> found = this.linter.lint("V1__t.sql", """
				-- +migrate Up
				CREATE TABLE audit (id bigint PRIMARY KEY);
				-- +migrate Down
				DROP TABLE audit;
				ALTER TABLE users DROP COLUMN x;
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void findsTheUnsafeStatementsOfTheSeedExample() {
		List<LintViolation> found = this.linter.lint("seed-email-verification.sql",
				resource("/parse/seed-email-verification.sql"));
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactlyInAnyOrder(tuple(5, "prefer-text"), tuple(10, "concurrently-in-transaction"),
					tuple(14, "constraint-not-valid"));
	}

	@Test
	void expandContractDoneSafelyLintsClean() {
		String expand = """
				-- +migrate Up
				CREATE TABLE user_addresses (
					id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
					user_id bigint NOT NULL REFERENCES users (id),
					city text NOT NULL,
					details jsonb,
					created_at timestamptz NOT NULL DEFAULT now()
				);
				CREATE INDEX idx_user_addresses_user ON user_addresses (user_id);
				ALTER TABLE users ADD COLUMN verified boolean NOT NULL DEFAULT false;
				ALTER TABLE users ADD CONSTRAINT chk_email_not_null CHECK (email IS NOT NULL) NOT VALID;
				ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
				-- +migrate Down
				DROP TABLE user_addresses;
				""";
		String index = """
				-- +migrate Up notransaction
				CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (email);
				CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_users_handle_idx ON users (handle);
				ALTER TABLE users VALIDATE CONSTRAINT chk_email_not_null;
				ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user;
				-- +migrate Down notransaction
				DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;
				""";
		String contract = """
				-- +migrate Up
				ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE USING INDEX uq_users_handle_idx;
				-- migrations:allow set-not-null chk_email_not_null was validated by the previous migration
				ALTER TABLE users ALTER COLUMN email SET NOT NULL;
				ALTER TABLE users DROP CONSTRAINT chk_email_not_null;
				UPDATE users SET verified = true WHERE id IN (SELECT user_id FROM verifications);
				""";
		assertThat(this.linter.lint("V1__expand.sql", expand)).isEmpty();
		assertThat(this.linter.lint("V2__index.sql", index)).isEmpty();
		assertThat(this.linter.lint("V3__contract.sql", contract)).isEmpty();
	}

	@Test
	void lintsEveryFileOfALocationInVersionOrder(@TempDir Path directory) {
		MigrationFiles files = new MigrationFiles(directory);
		files.migration("20240102000000_rename.sql", "ALTER TABLE users RENAME COLUMN a TO b;", "");
		files.migration("20240101000000_index.sql", "CREATE INDEX idx ON users (a);", "DROP INDEX idx;");
		files.write("README.txt", "not a migration");
		List<LintViolation> found = this.linter.lintLocations(List.of(files.location()));
		assertThat(found).extracting((v) -> v.script().substring(v.script().lastIndexOf('/') + 1),
				LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple("20240101000000_index.sql", 2, "index-not-concurrent"),
					tuple("20240102000000_rename.sql", 2, "rename"));
	}

	@Test
	void onAFreshDatabaseATableCreatedEarlierInTheRunIsNewAndOtherwiseItIsNot(@TempDir Path directory) {
		MigrationFiles files = new MigrationFiles(directory);
		files.migration("1_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);", "");
		files.migration("2_orders_index.sql", """
				CREATE INDEX idx_orders_user ON orders (user_id);
				ALTER TABLE orders ADD COLUMN shop_id bigint NOT NULL;
				CREATE INDEX idx_users_email ON users (email);""", "");
		List<ResolvedMigration> run = new MigrationScanner(new DefaultResourceLoader(), StandardCharsets.UTF_8)
			.scan(List.of(files.location()), new PostgresDialect(), List.of());
		assertThat(this.linter.lint(run, true)).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(4, "index-not-concurrent"));
		assertThat(this.linter.lint(run, false)).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(2, "index-not-concurrent"), tuple(3, "required-column"),
					tuple(4, "index-not-concurrent"));
		assertThat(this.linter.lint(run)).isEqualTo(this.linter.lint(run, false));
	}

	@Test
	void malformedFileFailsAsTheEngineWould() {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.linter.lint("V1__x.sql",
					"-- +migrate Down\nDROP INDEX idx;\n-- +migrate Up\nCREATE INDEX idx ON users (a);\n"))
			.satisfies((ex) -> {
				assertThat(ex.getScript()).isEqualTo("V1__x.sql");
				assertThat(ex.getLine()).isEqualTo(1);
			});
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void neverThrowsOnAnyStatementOfTheSplitterCorpusNorOnAnyPrefixOfOne(boolean transactional) {
		List<SqlStatement> corpus = corpus();
		assertThat(corpus).hasSizeGreaterThan(150);
		List<LintViolation> found = this.linter.lint("corpus.sql", corpus, transactional, new String[0], 1);
		assertThat(found).isNotEmpty();
		for (SqlStatement statement : corpus) {
			String sql = statement.sql();
			// Cut anywhere: inside quotes, comments, dollar quotes, between parentheses.
			int step = Math.max(1, sql.length() / 80);
			for (int end = 0; end <= sql.length(); end += step) {
				this.linter.lint("prefix.sql",
						List.of(new SqlStatement(sql.substring(0, end), 1, null, PostgresDialect.LEXICAL_RULES)),
						transactional, new String[0], 1);
			}
		}
	}

	/**
	 * Every statement of the splitter's tests: the expected statements of its case file, and the
	 * statements of its SQL files.
	 */
	private static List<SqlStatement> corpus() {
		List<SqlStatement> statements = new ArrayList<>();
		StringBuilder block = null;
		for (String line : (resource("/parse/splitter-cases.txt") + "\n### end").split("\n")) {
			boolean boundary = line.startsWith("### ") || line.startsWith(">>> ") || line.startsWith("!!! ");
			if (boundary && block != null) {
				String sql = block.toString();
				int copy = sql.indexOf("+++ copy");
				statements.add(new SqlStatement(((copy >= 0) ? sql.substring(0, copy) : sql).strip(), 1, null,
						PostgresDialect.LEXICAL_RULES));
				block = null;
			}
			if (line.startsWith(">>> ")) {
				block = new StringBuilder();
			}
			else if (block != null) {
				block.append(line).append('\n');
			}
		}
		MigrationParser parser = new MigrationParser(new StatementSplitter(PostgresDialect.LEXICAL_RULES));
		for (String file : List.of("seed-email-verification.sql", "seed-user-addresses.sql",
				"seed-user-preferences.sql", "differential/functions-and-copy.sql",
				"differential/seed-user-addresses-fixed.sql")) {
			ScriptSections sections = MigrationParser.sections(file, resource("/parse/" + file));
			Stream.of(sections.up(), sections.down())
				.filter((s) -> s != null)
				.forEach((s) -> statements.addAll(parser.statements(file, s)));
		}
		statements.addAll(new StatementSplitter(PostgresDialect.LEXICAL_RULES)
			.split("users-prelude.sql", resource("/parse/differential/users-prelude.sql"), 1));
		return statements;
	}

	private static String resource(String name) {
		try (InputStream in = MigrationLinterTests.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
