package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.migrations.execute.MigrationExecutor;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A migration with DDL on MariaDB, whose statements each commit by themselves, failing part-way:
 * the failed row records how many statements took effect, and each repair mode does what it says
 * (resume from the failed statement, mark applied, run again from the start). Each test works in
 * a database of its own.
 */
class MigratorRepairMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	private static final String FAILING = """
			CREATE TABLE made (id INT);
			INSERT INTO made VALUES (1);
			ALTER TABLE made ADD COLUMN x INT NOT NULL DEFAULT 'oops';
			INSERT INTO made (id) VALUES (2);""";

	private static final String FIXED = """
			CREATE TABLE made (id INT);
			INSERT INTO made VALUES (1);
			ALTER TABLE made ADD COLUMN x INT NOT NULL DEFAULT 7;
			INSERT INTO made (id) VALUES (2);""";

	@TempDir
	Path directory;

	MigrationFiles files;

	String schema;

	JdbcTemplate jdbc;

	@BeforeEach
	void freshSchema() {
		this.files = new MigrationFiles(this.directory);
		this.schema = db.schema("r" + (++schemas));
		this.jdbc = new JdbcTemplate(db.dataSource());
		this.jdbc.execute("CREATE DATABASE " + this.schema);
		this.files.migration("1_ok.sql", "CREATE TABLE ok (id INT);", "DROP TABLE ok;");
	}

	Migrator migrator() {
		return new Migrator(db.dataSource(this.schema), MigratorConfig.builder()
			.locations(this.files.location())
			.lockLease(Duration.ofSeconds(2))
			.lint(LintMode.OFF)
			.build());
	}

	@Test
	void theFailedRowRecordsHowManyStatementsTookEffectAndTheMessageNamesTheRepairs() {
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(4);
				assertThat(ex.isDirty()).isTrue();
				assertThat(ex.getMessage()).contains("Every statement before line 4 took effect",
						"the one on line 4 did not", "the history records how many took effect",
						"migrations repair --resume", "RepairMode.RESUME", "{\"mode\":\"resume\"}", "--mark-applied");
			});
		assertThat(row("2")).containsEntry("success", false).containsEntry("statements_done", 2)
			.containsEntry("resume_from", null);
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("its first 2 statements took effect",
					"the one on line 4 of", "repair in mode resume"));
	}

	@Test
	void resumeRunsTheMigrationFromTheFailedStatementAndRecordsTheChecksumOfTheFile() {
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		Object failedChecksum = row("2").get("checksum");
		this.files.migration("2_made.sql", FIXED, "DROP TABLE made;");

		RepairResult plan = migrator().repair("alice", RepairMode.RESUME, true);
		assertThat(plan.dryRun()).isTrue();
		assertThat(plan.cleared()).containsExactly("2 made (resumes at statement 3, line 4)");
		assertThat(row("2")).containsEntry("resume_from", null);

		RepairResult repaired = migrator().repair("alice", RepairMode.RESUME, false);
		assertThat(repaired.mode()).isEqualTo(RepairMode.RESUME);
		assertThat(row("2")).containsEntry("resume_from", 2).containsEntry("success", false);
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.PENDING);

		assertThat(migrator().migrate().migrations()).extracting(MigrationDescriptor::name).containsExactly("made");
		// CREATE TABLE and the first INSERT did not run again: the table exists once, with rows 1 and 2
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".made ORDER BY id", Integer.class))
			.containsExactly(1, 2);
		assertThat(this.jdbc.queryForList("SELECT x FROM " + this.schema + ".made ORDER BY id", Integer.class))
			.containsExactly(7, 7);
		Map<String, Object> row = row("2");
		assertThat(row).containsEntry("success", true).containsEntry("statements_done", null)
			.containsEntry("resume_from", null);
		// the checksum of the file as it is now (validate compares them), not of the one that failed
		assertThat(row.get("checksum")).isNotEqualTo(failedChecksum);
		migrator().validate(false);
		assertThat(audit()).contains("repair resume:SUCCESS", "dryRun resume:DRY_RUN");
	}

	@Test
	void aResumedMigrationThatFailsAgainIsDirtyWithItsNewProgress() {
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		this.files.migration("2_made.sql", FIXED.replace("INSERT INTO made (id) VALUES (2)", "INSERT INTO nowhere VALUES (2)"),
				"DROP TABLE made;");
		migrator().repair("alice", RepairMode.RESUME, false);
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(5);
				assertThat(ex.isDirty()).isTrue();
			});
		assertThat(row("2")).containsEntry("success", false).containsEntry("statements_done", 3)
			.containsEntry("resume_from", null);
		this.files.migration("2_made.sql", FIXED, "DROP TABLE made;");
		resumeAndMigrate();
	}

	@Test
	void aResumedRunThatDiesFurtherOnHasItsFailedRowRaisedByTheNextRunnerAndItsResumeWithdrawn() {
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		this.files.migration("2_made.sql", FIXED, "DROP TABLE made;");
		migrator().repair("alice", RepairMode.RESUME, false);
		assertThat(row("2")).containsEntry("statements_done", 2).containsEntry("resume_from", 2);
		// what a resumed run leaves when it dies after its ALTER TABLE, before its last statement:
		// the count it recorded in the lock row under its fence, the lock never released
		this.jdbc.update("ALTER TABLE " + this.schema + ".made ADD COLUMN x INT NOT NULL DEFAULT 7");
		deadRunnerLeft(3, "2");

		ListAppender<ILoggingEvent> log = new ListAppender<>();
		Logger executor = (Logger) LoggerFactory.getLogger(MigrationExecutor.class);
		log.start();
		executor.addAppender(log);
		try {
			assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("its first 3 statements took effect",
						"it stopped at the one on line 5 of"));
		}
		finally {
			executor.detachAppender(log);
		}
		assertThat(log.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.extracting(ILoggingEvent::getFormattedMessage)
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("Migration 2 was left part-way by the runner that held the lock before this one",
					"its first 3 statements took effect", "it stopped at the one on line 5 of", "2_made.sql",
					"which may have taken effect too", "Recorded it as failed");
		assertThat(row("2")).containsEntry("success", false).containsEntry("statements_done", 3)
			.containsEntry("resume_from", null);
		// approved again, it runs its last statement only
		resumeAndMigrate();
	}

	@Test
	void progressLeftByADeadRunnerWhoseHistoryTableWasDroppedSinceLeavesTheSchemaToItsAdoption() {
		migrator().migrate();
		this.files.migration("2_made.sql", FIXED, "DROP TABLE made;");
		this.jdbc.update("CREATE TABLE " + this.schema + ".made (id INT)");
		deadRunnerLeft(1, "2");
		this.jdbc.update("DROP TABLE " + this.schema + ".schema_migrations");
		// nothing to record the dead runner's migration in: the schema is adopted as configured
		// (a baseline at 2), and no row is made for the migration
		new Migrator(db.dataSource(this.schema), MigratorConfig.builder()
			.locations(this.files.location())
			.lockLease(Duration.ofSeconds(2))
			.lint(LintMode.OFF)
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("2"))
			.build()).migrate();
		assertThat(this.jdbc.queryForList("SELECT type FROM " + this.schema + ".schema_migrations", String.class))
			.containsExactly("BASELINE");
	}

	@Test
	void markAppliedCountsAMigrationFinishedByHandAsAppliedWithTheChecksumOfItsFile() {
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		Object failedChecksum = row("2").get("checksum");
		this.files.migration("2_made.sql", FIXED, "DROP TABLE made;");
		// the operator runs the rest by hand
		this.jdbc.execute("ALTER TABLE " + this.schema + ".made ADD COLUMN x INT NOT NULL DEFAULT 7");
		this.jdbc.execute("INSERT INTO " + this.schema + ".made (id) VALUES (2)");

		assertThat(migrator().repair("bob", RepairMode.MARK_APPLIED, true).cleared()).containsExactly("2 made");
		assertThat(row("2")).containsEntry("success", false);
		assertThat(migrator().repair("bob", RepairMode.MARK_APPLIED, false).cleared()).containsExactly("2 made");
		Map<String, Object> row = row("2");
		assertThat(row).containsEntry("success", true).containsEntry("statements_done", null);
		assertThat(row.get("checksum")).isNotEqualTo(failedChecksum);
		assertThat(migrator().migrate().migrations()).isEmpty();
		migrator().validate(false);
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".made ORDER BY id", Integer.class))
			.containsExactly(1, 2);
	}

	@Test
	void theDefaultRepairStillRemovesTheRowSoTheMigrationRunsAgainFromItsFirstStatement() {
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		this.jdbc.execute("DROP TABLE " + this.schema + ".made");
		this.files.migration("2_made.sql", FIXED, "DROP TABLE made;");
		assertThat(migrator().repair("carol", false)).satisfies((result) -> {
			assertThat(result.mode()).isEqualTo(RepairMode.RERUN);
			assertThat(result.cleared()).containsExactly("2 made");
		});
		assertThat(versions()).containsExactly("1");
		migrator().migrate();
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".made ORDER BY id", Integer.class))
			.containsExactly(1, 2);
	}

	@Test
	void aMigrationWhoseConnectionIsKilledMidStatementIsRecordedOnAConnectionOfItsOwnAndResumes() throws Exception {
		this.files.migration("2_slow.sql", "CREATE TABLE made (id INT);\nSELECT SLEEP(20);\nCREATE TABLE after (id INT);",
				"DROP TABLE after;\nDROP TABLE made;");
		java.util.concurrent.CompletableFuture<Void> killer = java.util.concurrent.CompletableFuture.runAsync(() -> {
			try {
				long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
				while (System.nanoTime() < deadline) {
					List<Long> ids = this.jdbc.queryForList("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? "
							+ "AND INFO = 'SELECT SLEEP(20)'", Long.class, this.schema);
					if (!ids.isEmpty()) {
						this.jdbc.execute("KILL CONNECTION " + ids.get(0));
						return;
					}
					Thread.sleep(20);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.isDirty()).isTrue();
			});
		killer.get(20, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(row("2")).containsEntry("success", false).containsEntry("statements_done", 1);
		this.files.migration("2_slow.sql", "CREATE TABLE made (id INT);\nSELECT SLEEP(0);\nCREATE TABLE after (id INT);",
				"DROP TABLE after;\nDROP TABLE made;");
		assertThat(migrator().repair("erin", RepairMode.RESUME, false).cleared())
			.containsExactly("2 slow (resumes at statement 2, line 3)");
		migrator().migrate();
		assertThat(row("2")).containsEntry("success", true);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
				+ "AND TABLE_NAME IN ('made', 'after')", Integer.class, this.schema)).isEqualTo(2);
	}

	@Test
	void aMigrationWhoseFirstStatementFailsLeavesNothingBehindAndIsNotDirty() {
		this.files.migration("2_bad.sql", "ALTER TABLE missing ADD COLUMN x INT;\nCREATE TABLE never (id INT);",
				"SELECT 1;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(2);
				assertThat(ex.isDirty()).isFalse();
				assertThat(ex.getMessage()).contains("Nothing of it was applied: its first statement failed")
					.doesNotContain("exists already");
			});
		assertThat(versions()).containsExactly("1");
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
	}

	@Test
	void aMigrationRunAgainAfterARunStoppedInItsMiddleIsToldWhyItsTableExists() {
		migrator().migrate();
		// what a runner killed after the first statement leaves: the table, and no history row
		this.jdbc.execute("CREATE TABLE " + this.schema + ".made (id INT)");
		this.files.migration("2_made.sql", "CREATE TABLE made (id INT);\nCREATE INDEX made_id ON made (id);",
				"DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(2);
				assertThat(ex.isDirty()).isFalse();
				assertThat(ex.getMessage()).contains("Nothing of it was applied: its first statement failed",
						"What it creates exists already", "If an earlier run stopped part-way through this migration",
						"no history row says so", "safe to run again (IF NOT EXISTS)");
			});
		assertThat(versions()).containsExactly("1");
	}

	@Test
	void aStatementPastTheFirstThatFindsItsIndexThereSaysAnEarlierRunMayHaveRunIt() {
		migrator().migrate();
		this.jdbc.execute("CREATE TABLE " + this.schema + ".made (id INT)");
		this.jdbc.execute("CREATE INDEX made_id ON " + this.schema + ".made (id)");
		this.files.migration("2_made.sql",
				"CREATE TABLE IF NOT EXISTS made (id INT);\nCREATE INDEX made_id ON made (id);\nINSERT INTO made VALUES (1);",
				"DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.isDirty()).isTrue();
				assertThat(ex.getMessage()).contains("Every statement before line 3 took effect",
						"What it creates exists already: an earlier run that stopped part-way through this migration",
						"--mark-applied");
			});
		assertThat(row("2")).containsEntry("success", false).containsEntry("statements_done", 1);
	}

	@Test
	void resumeIsRefusedWithoutRecordedProgressAndChangesNothing() {
		migrator().migrate();
		// a row as a failed rollback (or an older version of this library) leaves it: no progress
		this.jdbc.update("UPDATE " + this.schema + ".schema_migrations SET success = FALSE WHERE version = '1'");
		assertThatExceptionOfType(MigrationException.class)
			.isThrownBy(() -> migrator().repair("dave", RepairMode.RESUME, false))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("Cannot resume migration 1 (ok)",
						"does not record which of its statements took effect");
				assertThat(ex.getAction()).contains("mark-applied");
			});
		assertThat(row("1")).containsEntry("success", false).containsEntry("resume_from", null);
		assertThat(audit()).contains("repair resume:FAILURE");
		migrator().repair("dave", RepairMode.MARK_APPLIED, false);
		assertThat(row("1")).containsEntry("success", true);
	}

	@Test
	void aHistoryTableFromBeforeProgressGetsItsColumnsWhenTheNextRunApplies() {
		migrator().migrate();
		this.jdbc.execute("ALTER TABLE " + this.schema + ".schema_migrations DROP COLUMN statements_done, "
				+ "DROP COLUMN resume_from");
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED);
		this.files.migration("2_made.sql", FAILING, "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		assertThat(row("2")).containsEntry("statements_done", 2);
	}

	@Test
	void aMigrationOfDmlOnlyStaysInOneTransaction() {
		this.files.migration("2_dml.sql", "INSERT INTO ok VALUES (1);\nINSERT INTO ok VALUES (2);\nINSERT INTO nope VALUES (3);",
				"DELETE FROM ok;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.isDirty()).isFalse();
				assertThat(ex.getMessage()).contains("its transaction was rolled back");
			});
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".ok", Integer.class)).isZero();
		assertThat(versions()).containsExactly("1");
	}

	/**
	 * What a runner that dies holding the lock in the middle of migration {@code version} leaves:
	 * the count it recorded in the lock row under its fence, its lease run out.
	 */
	private void deadRunnerLeft(int done, String version) {
		this.jdbc.update("UPDATE " + this.schema + ".migration_lock SET fence = fence + 1, is_locked = TRUE, "
				+ "progress = CONCAT(fence, ?), lease_expires_at = TIMESTAMPADD(SECOND, -1, UTC_TIMESTAMP(6))",
				"/" + done + "/" + version);
	}

	/**
	 * Repairs in mode resume and migrates: 2 completes, with the rows 1 and 2 made once.
	 */
	private void resumeAndMigrate() {
		migrator().repair("alice", RepairMode.RESUME, false);
		migrator().migrate();
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".made ORDER BY id", Integer.class))
			.containsExactly(1, 2);
		assertThat(row("2")).containsEntry("success", true);
	}

	private Map<String, Object> row(String version) {
		return this.jdbc.queryForMap("SELECT success, checksum, CAST(statements_done AS SIGNED) AS statements_done, "
				+ "CAST(resume_from AS SIGNED) AS resume_from FROM " + this.schema
				+ ".schema_migrations WHERE version = ?", version)
			.entrySet()
			.stream()
			.collect(java.util.HashMap::new, (m, e) -> m.put(e.getKey(), normal(e.getValue())), Map::putAll);
	}

	private static Object normal(Object value) {
		return (value instanceof Number number && !(value instanceof Integer)) ? number.intValue() : value;
	}

	private List<String> versions() {
		return this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY id",
				String.class);
	}

	private List<String> audit() {
		return this.jdbc.queryForList("SELECT CONCAT(request, ':', outcome) FROM " + this.schema
				+ ".schema_migrations_audit ORDER BY id", String.class);
	}

}
