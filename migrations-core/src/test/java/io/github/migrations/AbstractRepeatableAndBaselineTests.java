package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.rollback.RollbackRefusedException;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import io.github.migrations.rollback.RollbackStep;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Flyway's repeatable ({@code R__<name>.sql}) and baseline ({@code B<version>__<name>.sql})
 * migrations, run once per database: after the versioned ones and again when changed, in place of
 * the versions they cover on an empty database and skipped on one with history.
 */
abstract class AbstractRepeatableAndBaselineTests {

	@TempDir
	Path directory;

	MigrationFiles files;

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private String schema;

	/**
	 * A database (or schema) for one test.
	 */
	abstract DataSource dataSource();

	/**
	 * The schema the test's migrations and history live in, as the database names it.
	 */
	abstract String schema();

	@BeforeEach
	void freshDatabase() {
		this.files = new MigrationFiles(this.directory);
		this.dataSource = dataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.schema = schema();
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(10));
	}

	private Migrator migrator() {
		return new Migrator(this.dataSource, config().build());
	}

	/** A schema-qualified name. */
	private String q(String name) {
		return this.schema + "." + name;
	}

	private void table(String file, String table) {
		this.files.migration(file, "CREATE TABLE " + q(table) + " (id INT);", "DROP TABLE " + q(table) + ";");
	}

	private void repeatable(String name, String sql) {
		this.files.write("R__" + name + ".sql", "-- +migrate Up\n" + sql + "\n");
	}

	private List<Map<String, Object>> repeatableRows() {
		return this.jdbc.queryForList("SELECT name, type, checksum, batch_number, success FROM "
				+ q("schema_migrations") + " WHERE version IS NULL ORDER BY name");
	}

	private static Map<String, MigrationState> states(MigrationStatus status) {
		Map<String, MigrationState> states = new java.util.LinkedHashMap<>();
		status.migrations()
			.forEach((m) -> states.put(((m.version() != null) ? m.kind() + " " + m.version() : "R " + m.name()),
					m.state()));
		return states;
	}

	private boolean viewAnswers(String view, int expected) {
		Integer answer = this.jdbc.queryForObject("SELECT answer FROM " + q(view), Integer.class);
		return answer != null && answer == expected;
	}

	@Test
	void repeatablesRunAfterTheVersionedOnesInNameOrderAndAreRecordedWithoutAVersion() {
		table("1_first.sql", "first");
		table("2_second.sql", "second_t");
		repeatable("b_view", "CREATE OR REPLACE VIEW " + q("b_view") + " AS SELECT COUNT(*) AS answer FROM "
				+ q("second_t") + ";");
		repeatable("a_view", "CREATE OR REPLACE VIEW " + q("a_view") + " AS SELECT 42 AS answer;");
		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.PENDING),
				entry("SQL 2", MigrationState.PENDING), entry("R a_view", MigrationState.PENDING),
				entry("R b_view", MigrationState.PENDING));

		RunResult result = migrator().migrate();

		assertThat(result.migrations()).extracting(MigrationDescriptor::label)
			.containsExactly("1 first", "2 second", "repeatable a_view", "repeatable b_view");
		assertThat(result.migrations().get(2).version()).isNull();
		assertThat(result.migrations().get(2).kind()).isEqualTo(MigrationKind.REPEATABLE);
		assertThat(viewAnswers("a_view", 42)).isTrue();
		assertThat(viewAnswers("b_view", 0)).isTrue();
		List<Map<String, Object>> rows = repeatableRows();
		assertThat(rows).extracting((r) -> r.get("name")).containsExactly("a_view", "b_view");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("type")).isEqualTo("REPEATABLE");
			assertThat((String) row.get("checksum")).hasSize(64);
			assertThat(((Number) row.get("batch_number")).intValue()).isEqualTo(result.batch());
			assertThat(row.get("success")).isEqualTo(true);
		});
		MigrationStatus status = migrator().status();
		assertThat(states(status)).containsExactly(entry("SQL 1", MigrationState.APPLIED),
				entry("SQL 2", MigrationState.APPLIED), entry("R a_view", MigrationState.REPEATABLE),
				entry("R b_view", MigrationState.REPEATABLE));
		assertThat(status.currentVersion()).hasToString("2");
		assertThat(status.pending()).isEmpty();
		assertThat(status.migrations().get(2)).satisfies((info) -> {
			assertThat(info.version()).isNull();
			assertThat(info.script()).endsWith("R__a_view.sql");
			assertThat(info.executedAt()).isNotNull();
			assertThat(info.batch()).isEqualTo(result.batch());
			assertThat(info.reversible()).isFalse();
		});
	}

	@Test
	void aRepeatableRunsAgainWhenItsFileChangesAndNotOtherwise() {
		table("1_first.sql", "first");
		repeatable("answer", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 1 AS answer;");
		migrator().migrate();
		Long fence = this.jdbc.queryForObject("SELECT fence FROM " + q("migration_lock"), Long.class);

		RunResult unchanged = migrator().migrate();
		assertThat(unchanged.migrations()).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT fence FROM " + q("migration_lock"), Long.class))
			.as("a start with nothing changed takes no lock").isEqualTo(fence);

		repeatable("answer", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 2 AS answer;");
		MigrationStatus outdated = migrator().status();
		assertThat(states(outdated)).containsExactly(entry("SQL 1", MigrationState.APPLIED),
				entry("R answer", MigrationState.OUTDATED));
		assertThat(outdated.pending()).extracting(MigrationInfo::name).containsExactly("answer");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().validate(false))
			.withMessageContaining("R__answer.sql is pending");
		String before = (String) repeatableRows().get(0).get("checksum");

		RunResult rerun = migrator().migrate();

		assertThat(rerun.migrations()).extracting(MigrationDescriptor::label).containsExactly("repeatable answer");
		assertThat(viewAnswers("answer", 2)).isTrue();
		List<Map<String, Object>> rows = repeatableRows();
		assertThat(rows).as("one row per repeatable, replaced").hasSize(1);
		assertThat(rows.get(0).get("checksum")).isNotEqualTo(before);
		assertThat(((Number) rows.get(0).get("batch_number")).intValue()).isEqualTo(rerun.batch());
		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.APPLIED),
				entry("R answer", MigrationState.REPEATABLE));
		assertThat(migrator().migrate().migrations()).isEmpty();
	}

	@Test
	void aFailingRepeatableIsRolledBackAndNamedWithItsFileAndLine() {
		table("1_first.sql", "first");
		this.files.write("R__broken.sql", "-- +migrate Up\nINSERT INTO " + q("first") + " VALUES (7);\n"
				+ "INSERT INTO " + q("no_such_table") + " VALUES (1);\n");

		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getVersion()).isNull();
				assertThat(ex.getScript()).endsWith("R__broken.sql");
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.isDirty()).isFalse();
			})
			.withMessageContaining("Repeatable migration")
			.withMessageContaining("R__broken.sql")
			.withMessageContaining("Nothing of it was applied");

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + q("first"), Integer.class))
			.as("the repeatable's first statement was rolled back")
			.isZero();
		assertThat(repeatableRows()).isEmpty();
		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.APPLIED),
				entry("R broken", MigrationState.PENDING));
	}

	@Test
	void anOldHistoryTableWithANotNullVersionIsAlteredOnceWhenTheFirstRepeatableRuns() {
		// the history table as releases before repeatable migrations created it
		this.jdbc.execute("""
				CREATE TABLE %s (
				    id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
				    version            VARCHAR(50)  NOT NULL UNIQUE,
				    name               VARCHAR(200) NOT NULL,
				    type               VARCHAR(10)  NOT NULL,
				    checksum           VARCHAR(64),
				    executed_at        TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
				    execution_time_ms  BIGINT       NOT NULL,
				    batch_number       INTEGER      NOT NULL,
				    installed_by       VARCHAR(100),
				    success            BOOLEAN      NOT NULL,
				    rollback_sql       VARCHAR(100000),
				    down_transactional BOOLEAN      DEFAULT TRUE NOT NULL
				)""".formatted(q("schema_migrations")));
		table("1_first.sql", "first");
		migrator().migrate();
		assertThat(versionNullable()).as("no repeatable yet: the table is left as it is").isFalse();

		repeatable("a_view", "CREATE OR REPLACE VIEW " + q("a_view") + " AS SELECT 1 AS answer;");
		repeatable("b_view", "CREATE OR REPLACE VIEW " + q("b_view") + " AS SELECT 2 AS answer;");
		RunResult result = migrator().migrate();

		assertThat(result.migrations()).extracting(MigrationDescriptor::label)
			.containsExactly("repeatable a_view", "repeatable b_view");
		assertThat(versionNullable()).isTrue();
		assertThat(repeatableRows()).extracting((r) -> r.get("name")).containsExactly("a_view", "b_view");
		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.APPLIED),
				entry("R a_view", MigrationState.REPEATABLE), entry("R b_view", MigrationState.REPEATABLE));
		assertThatExceptionOfType(RuntimeException.class)
			.as("versioned rows stay unique")
			.isThrownBy(() -> this.jdbc.update("INSERT INTO " + q("schema_migrations")
					+ " (version, name, type, execution_time_ms, batch_number, success) VALUES ('1', 'x', 'SQL', 0, 9, TRUE)"));
	}

	private boolean versionNullable() {
		return "YES".equals(this.jdbc.queryForObject(
				"SELECT is_nullable FROM information_schema.columns WHERE UPPER(table_schema) = UPPER(?) "
						+ "AND UPPER(table_name) = 'SCHEMA_MIGRATIONS' AND UPPER(column_name) = 'VERSION'",
				String.class, this.schema));
	}

	private boolean tableExists(String table) {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE "
				+ "UPPER(table_schema) = UPPER(?) AND UPPER(table_name) = UPPER(?)", Integer.class, this.schema,
				table);
		return count != null && count > 0;
	}

	@Test
	void aBaselineFileRunsInPlaceOfTheVersionsItCoversOnAnEmptyDatabase() {
		table("V1__first.sql", "first");
		table("V2__second.sql", "second_t");
		this.files.write("B2__baseline.sql", "-- +migrate Up\nCREATE TABLE " + q("first") + " (id INT);\n"
				+ "CREATE TABLE " + q("second_t") + " (id INT, from_baseline INT);\n");
		table("V3__third.sql", "third");
		repeatable("answer", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 1 AS answer;");
		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.BASELINED),
				entry("SQL 2", MigrationState.BASELINED), entry("BASELINE 2", MigrationState.PENDING),
				entry("SQL 3", MigrationState.PENDING), entry("R answer", MigrationState.PENDING));

		RunResult result = migrator().migrate();

		assertThat(result.migrations()).extracting(MigrationDescriptor::label)
			.containsExactly("2 baseline", "3 third", "repeatable answer");
		assertThat(result.migrations().get(0).kind()).isEqualTo(MigrationKind.BASELINE);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(from_baseline) FROM " + q("second_t"), Integer.class))
			.isZero();
		assertThat(this.jdbc.queryForList("SELECT version || ' ' || type FROM " + q("schema_migrations")
				+ " WHERE version IS NOT NULL ORDER BY id", String.class))
			.containsExactly("2 BASELINE", "3 SQL");
		assertThat(this.jdbc.queryForObject("SELECT checksum FROM " + q("schema_migrations") + " WHERE version = '2'",
				String.class))
			.hasSize(64);
		MigrationStatus status = migrator().status();
		assertThat(states(status)).containsExactly(entry("SQL 1", MigrationState.BASELINED),
				entry("SQL 2", MigrationState.BASELINED), entry("BASELINE 2", MigrationState.BASELINE),
				entry("SQL 3", MigrationState.APPLIED), entry("R answer", MigrationState.REPEATABLE));
		assertThat(status.currentVersion()).hasToString("3");
		assertThat(migrator().migrate().migrations()).isEmpty();

		// the versions it covers never run, and a rollback stops at it
		RollbackResult dryRun = migrator().rollback(RollbackRequest.steps(1, "test").asDryRun());
		assertThat(dryRun.steps()).extracting(RollbackStep::name).containsExactly("third");
		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(2, "test")))
			.withMessageContaining("it is the baseline");
		assertThat(tableExists("third")).as("a refused rollback changes nothing").isTrue();
	}

	@Test
	void anEditedBaselineFileIsReportedLikeAnEditedVersionedOne() {
		table("V1__first.sql", "first");
		this.files.write("B1__baseline.sql", "-- +migrate Up\nCREATE TABLE " + q("first") + " (id INT);\n");
		migrator().migrate();

		this.files.write("B1__baseline.sql", "-- +migrate Up\nCREATE TABLE " + q("first") + " (id INT, x INT);\n");

		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.BASELINED),
				entry("BASELINE 1", MigrationState.CHECKSUM_MISMATCH));
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("B1__baseline.sql")
			.withMessageContaining("was edited after it was applied");
	}

	@Test
	void theNewestBaselineUpToTheTargetIsChosen() {
		for (int v = 1; v <= 4; v++) {
			table("V" + v + "__t" + v + ".sql", "t" + v);
		}
		this.files.write("B1__one.sql", "-- +migrate Up\nCREATE TABLE " + q("t1") + " (id INT);\n");
		this.files.write("B3__three.sql", "-- +migrate Up\nCREATE TABLE " + q("t1") + " (id INT);\nCREATE TABLE "
				+ q("t2") + " (id INT);\nCREATE TABLE " + q("t3") + " (id INT);\n");
		Migrator toTwo = new Migrator(this.dataSource, config().target(MigrationVersion.parse("2")).build());

		assertThat(toTwo.migrate().migrations()).extracting(MigrationDescriptor::label)
			.containsExactly("1 one", "2 t2");

		assertThat(states(migrator().status())).as("B3 is skipped once there is history")
			.containsExactly(entry("SQL 1", MigrationState.BASELINED), entry("BASELINE 1", MigrationState.BASELINE),
					entry("SQL 2", MigrationState.APPLIED), entry("SQL 3", MigrationState.PENDING),
					entry("SQL 4", MigrationState.PENDING));
	}

	@Test
	void baselineFilesAreSkippedOnADatabaseWithHistory() {
		table("V1__first.sql", "first");
		table("V2__second.sql", "second_t");
		migrator().migrate();
		this.files.write("B2__baseline.sql", "-- +migrate Up\nCREATE TABLE " + q("first") + " (id INT);\n"
				+ "CREATE TABLE " + q("second_t") + " (id INT);\n");
		table("V3__third.sql", "third");

		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.APPLIED),
				entry("SQL 2", MigrationState.APPLIED), entry("SQL 3", MigrationState.PENDING));
		assertThat(migrator().migrate().migrations()).extracting(MigrationDescriptor::label)
			.containsExactly("3 third");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + q("schema_migrations") + " WHERE type = 'BASELINE'",
				Integer.class))
			.isZero();
	}

	@Test
	void aBaselineIsRefusedOnAHistoryThatHoldsOnlyRepeatableRows() {
		repeatable("views", "CREATE VIEW " + q("answer_v") + " AS SELECT 42 AS answer");
		migrator().migrate();
		assertThatExceptionOfType(MigrationAdoptionException.class)
			.isThrownBy(() -> migrator().baseline(MigrationVersion.parse("5")))
			.withMessageContaining("Cannot record a baseline: the history already has 1 row")
			.withMessageContaining("repeatable migration views");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + q("schema_migrations"), Integer.class))
			.isEqualTo(1);
	}

	@Test
	void aRollbackRevertsVersionedMigrationsAndLeavesRepeatablesAsTheyAre() {
		table("1_first.sql", "first");
		repeatable("answer", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 1 AS answer;");
		migrator().migrate();

		RollbackResult result = migrator().rollback(RollbackRequest.lastBatch("test").confirmed());

		assertThat(result.steps()).extracting(RollbackStep::name).containsExactly("first");
		assertThat(tableExists("first")).isFalse();
		assertThat(viewAnswers("answer", 1)).isTrue();
		assertThat(repeatableRows()).extracting((r) -> r.get("name")).containsExactly("answer");
		assertThat(states(migrator().status())).containsExactly(entry("SQL 1", MigrationState.PENDING),
				entry("R answer", MigrationState.REPEATABLE));
	}

	@Test
	void aRollbackOfTheLastBatchIsRefusedWhenThatBatchRanOnlyRepeatables() {
		table("1_first.sql", "first");
		repeatable("answer", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 1 AS answer;");
		migrator().migrate();
		repeatable("answer", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 2 AS answer;");
		assertThat(migrator().migrate().batch()).isEqualTo(2);

		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.lastBatch("test")))
			.withMessageContaining("batch 2 ran only repeatable migrations")
			.withMessageContaining("answer");
		assertThat(tableExists("first")).as("the batch before it is not reverted instead").isTrue();
		assertThat(migrator().rollback(RollbackRequest.steps(1, "test").confirmed()).steps()).extracting(RollbackStep::name)
			.containsExactly("first");
	}

	@Test
	void aDownSectionInARepeatableOrBaselineFileIsAnErrorNamingFileAndLine() {
		this.files.migration("R__answer.sql", "CREATE OR REPLACE VIEW " + q("answer") + " AS SELECT 1 AS answer;",
				"DROP VIEW " + q("answer") + ";");

		assertThatExceptionOfType(MigrationParseException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(4))
			.withMessageContaining("R__answer.sql")
			.withMessageContaining("A repeatable migration has a '-- +migrate Down' section")
			.withMessageContaining("a rollback never reverts repeatable migrations");

		this.files.delete("R__answer.sql");
		this.files.migration("B1__base.sql", "CREATE TABLE " + q("first") + " (id INT);",
				"DROP TABLE " + q("first") + ";");
		assertThatExceptionOfType(MigrationParseException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("B1__base.sql")
			.withMessageContaining("A baseline migration has a '-- +migrate Down' section");
		assertThat(tableExists("first")).isFalse();
	}

	@Test
	void aNonTransactionalRepeatableThatFailsPartWayIsDirtyUntilRepaired() {
		this.files.write("R__half.sql", "-- +migrate Up notransaction\nCREATE TABLE " + q("half") + " (id INT);\n"
				+ "INSERT INTO " + q("no_such_table") + " VALUES (1);\n");

		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> assertThat(ex.isDirty()).isTrue())
			.withMessageContaining("repeatable half");
		assertThat(states(migrator().status())).containsExactly(entry("R half", MigrationState.FAILED));
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("Repeatable migration half failed part-way");

		this.files.write("R__half.sql", "-- +migrate Up notransaction\nCREATE TABLE IF NOT EXISTS " + q("half")
				+ " (id INT);\n");
		assertThat(migrator().repair()).isEqualTo(1);
		assertThat(migrator().migrate().migrations()).extracting(MigrationDescriptor::label)
			.containsExactly("repeatable half");
		assertThat(states(migrator().status())).containsExactly(entry("R half", MigrationState.REPEATABLE));
	}

}
