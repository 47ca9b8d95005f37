package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.rollback.RollbackRefusedException;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rollback against a real PostgreSQL: by steps, to a version, by batch, from the stored Down SQL.
 */
class MigratorRollbackPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "r");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void threeMigrationsInTwoBatches() {
		this.files = new MigrationFiles(this.directory);
		this.dataSource = database.dataSource();
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		migrator().migrate();
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		this.files.write("3_c.sql", """
				-- +migrate Up
				CREATE TABLE %1$s.c (id int);
				-- +migrate Down notransaction
				DROP TABLE %1$s.c;
				""".formatted(this.schema));
		migrator().migrate();
	}

	private Migrator migrator() {
		return new Migrator(this.dataSource, MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(3))
			.build());
	}

	private List<String> versions() {
		return this.testSchema.historyVersions();
	}

	private boolean tableExists(String table) {
		return this.testSchema.tableExists(table);
	}

	@Test
	void rollsBackByStepsNewestFirst() {
		RollbackResult result = migrator().rollback(RollbackRequest.steps(2, "test"));
		assertThat(result.dryRun()).isFalse();
		assertThat(result.steps()).extracting((s) -> s.version().toString()).containsExactly("3", "2");
		assertThat(result.steps().get(0).transactional()).isFalse();
		assertThat(versions()).containsExactly("1");
		assertThat(tableExists("c")).isFalse();
		assertThat(tableExists("b")).isFalse();
		assertThat(tableExists("a")).isTrue();
		// and forward again
		assertThat(migrator().migrate().migrations()).hasSize(2);
	}

	@Test
	void rollsBackEverythingNewerThanAVersion() {
		migrator().rollback(RollbackRequest.toVersion(MigrationVersion.parse("1"), "test"));
		assertThat(versions()).containsExactly("1");
	}

	@Test
	void rollsBackTheLastBatch() {
		RollbackResult result = migrator().rollback(RollbackRequest.lastBatch("test"));
		assertThat(result.steps()).extracting((s) -> s.version().toString()).containsExactly("3", "2");
		assertThat(versions()).containsExactly("1");
	}

	@Test
	void aDryRunReturnsThePlanAndChangesNothing() {
		RollbackResult result = migrator().rollback(RollbackRequest.steps(1, "test").asDryRun());
		assertThat(result.dryRun()).isTrue();
		assertThat(result.steps()).singleElement().satisfies((step) -> {
			assertThat(step.version()).hasToString("3");
			assertThat(step.sql()).isEqualTo("DROP TABLE " + this.schema + ".c;");
		});
		assertThat(versions()).containsExactly("1", "2", "3");
		assertThat(tableExists("c")).isTrue();
	}

	@Test
	void usesTheStoredDownSqlWhenTheFileIsGoneOrDiffers() {
		this.files.delete("3_c.sql");
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "SELECT 'edited down';");
		RollbackResult result = migrator().rollback(RollbackRequest.steps(2, "test"));
		assertThat(tableExists("c")).as("stored Down of a file this release does not have").isFalse();
		assertThat(tableExists("b")).as("stored Down wins over the edited one").isFalse();
		assertThat(result.warnings()).singleElement().asString().contains("2_b.sql").contains("stored one is used");
	}

	@Test
	void refusesToCrossAnIrreversibleMigrationBeforeChangingAnything() {
		this.files.write("4_irreversible.sql", "-- +migrate Up\nCREATE TABLE " + this.schema + ".d (id int);\n");
		migrator().migrate();
		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(2, "test")))
			.withMessageContaining("4 (irreversible)")
			.withMessageContaining("no '-- +migrate Down' section");
		assertThat(versions()).containsExactly("1", "2", "3", "4");
	}

	@Test
	void refusesUnknownVersionsAndTooManySteps() {
		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.toVersion(MigrationVersion.parse("7"), "test")))
			.withMessageContaining("never applied");
		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(4, "test")))
			.withMessageContaining("only 3 migration(s) are applied");
		assertThat(versions()).containsExactly("1", "2", "3");
	}

	@Test
	void aRollbackOfEveryAppliedMigrationIsRefusedUnlessItNamesVersionZeroOrIsConfirmed() {
		for (RollbackRequest request : List.of(RollbackRequest.steps(3, "test"),
				RollbackRequest.steps(3, "test").asDryRun())) {
			assertThatExceptionOfType(RollbackRefusedException.class).as(request.toString())
				.isThrownBy(() -> migrator().rollback(request))
				.withMessageContaining("every applied migration (3)")
				.withMessageContaining("would revert: 3, 2, 1")
				.withMessageContaining("toVersion 0")
				.withMessageContaining("confirm");
		}
		assertThat(versions()).containsExactly("1", "2", "3");
		RollbackResult confirmedPlan = migrator().rollback(RollbackRequest.steps(3, "test").asDryRun().confirmed());
		assertThat(confirmedPlan.steps()).extracting((s) -> s.version().toString()).containsExactly("3", "2", "1");
		assertThat(versions()).containsExactly("1", "2", "3");
		migrator().rollback(RollbackRequest.toVersion(MigrationVersion.parse("0"), "test"));
		assertThat(versions()).isEmpty();
		assertThat(tableExists("a")).isFalse();
	}

	@Test
	void theLastBatchOfAFirstDeployIsTheWholeSchemaAndNeedsConfirmation() {
		migrator().rollback(RollbackRequest.lastBatch("test"));
		assertThat(versions()).containsExactly("1");
		// batch 1 is now every applied migration, as right after a first deploy
		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.lastBatch("test")))
			.withMessageContaining("the whole schema");
		assertThat(versions()).containsExactly("1");
		RollbackResult result = migrator().rollback(RollbackRequest.lastBatch("test").confirmed());
		assertThat(result.steps()).extracting((s) -> s.version().toString()).containsExactly("1");
		assertThat(versions()).isEmpty();
		List<String> audit = this.jdbc.queryForList(
				"SELECT request || '|' || outcome FROM " + this.schema + ".schema_migrations_audit ORDER BY id",
				String.class);
		assertThat(audit).containsExactly("lastBatch|SUCCESS", "lastBatch|REFUSED", "lastBatch, confirm|SUCCESS");
	}

	@Test
	void aRepairDryRunNamesTheFailedRowsAndARepairClearsThemBothAudited() {
		this.files.write("4_d.sql", """
				-- +migrate Up notransaction
				CREATE TABLE %1$s.d (id int);
				SELECT 1/0;
				""".formatted(this.schema));
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		RepairResult plan = migrator().repair("alice", true);
		assertThat(plan.dryRun()).isTrue();
		assertThat(plan.cleared()).containsExactly("4 d");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + this.schema + ".schema_migrations WHERE NOT success",
				Integer.class)).isEqualTo(1);
		RepairResult repaired = migrator().repair("bob", false);
		assertThat(repaired.dryRun()).isFalse();
		assertThat(repaired.cleared()).containsExactly("4 d");
		assertThat(versions()).containsExactly("1", "2", "3");
		assertThat(migrator().repair("carol", true).cleared()).isEmpty();
		List<String> audit = this.jdbc.queryForList("SELECT actor || '|' || operation || '|' || request || '|' "
				+ "|| versions || '|' || outcome FROM " + this.schema + ".schema_migrations_audit ORDER BY id",
				String.class);
		assertThat(audit).containsExactly("alice|repair|dryRun|4 d|DRY_RUN", "bob|repair|repair|4 d|SUCCESS",
				"carol|repair|dryRun||DRY_RUN");
	}

	@Test
	void everyRollbackIsAudited() {
		migrator().rollback(RollbackRequest.steps(1, "alice").asDryRun());
		migrator().rollback(RollbackRequest.steps(1, "bob"));
		List<Map<String, Object>> audit = this.jdbc
			.queryForList("SELECT actor, request, versions, outcome FROM " + this.schema + ".schema_migrations_audit ORDER BY id");
		assertThat(audit).extracting((r) -> r.get("actor") + "|" + r.get("request") + "|" + r.get("versions") + "|"
				+ r.get("outcome"))
			.containsExactly("alice|steps=1, dryRun|3|DRY_RUN", "bob|steps=1|3|SUCCESS");
	}

	@Test
	void aFailingDownLeavesTheMigrationApplied() {
		this.jdbc.execute("CREATE VIEW " + this.schema + ".uses_b AS SELECT * FROM " + this.schema + ".b");
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.toVersion(MigrationVersion.parse("1"), "test")))
			.withMessageContaining("rollback");
		assertThat(versions()).as("3 was reverted, 2 failed and stays").containsExactly("1", "2");
		assertThat(tableExists("b")).isTrue();
	}

	@Test
	void aNonTransactionalDownThatFailsPartWayLeavesTheDatabaseDirty() {
		this.files.write("4_two_tables.sql", """
				-- +migrate Up
				CREATE TABLE %1$s.d1 (id int);
				CREATE TABLE %1$s.d2 (id int);
				-- +migrate Down notransaction
				DROP TABLE %1$s.d1;
				DROP TABLE %1$s.no_such_table;
				""".formatted(this.schema));
		migrator().migrate();
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(1, "test")))
			.satisfies((ex) -> {
				assertThat(ex.isDirty()).isTrue();
				assertThat(ex.getLine()).as("the file line of the failing Down statement").isEqualTo(6);
			});
		assertThat(tableExists("d1")).as("the first Down statement stayed applied").isFalse();
		assertThat(this.jdbc.queryForObject("SELECT success FROM " + this.schema
				+ ".schema_migrations WHERE version = '4'", Boolean.class)).isFalse();
		assertThatExceptionOfType(RollbackRefusedException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(1, "test")))
			.withMessageContaining("dirty");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("dirty");
	}

	@Test
	void aRollbackAndAMigrateFromTwoRunnersTakeTurnsOnTheLock() throws Exception {
		this.files.write("4_slow.sql", """
				-- +migrate Up
				CREATE TABLE %1$s.slow (id int);
				-- +migrate Down
				SELECT pg_sleep(2.5);
				DROP TABLE %1$s.slow;
				""".formatted(this.schema));
		migrator().migrate();
		this.files.migration("5_e.sql", "CREATE TABLE " + this.schema + ".e (id int);", "DROP TABLE " + this.schema + ".e;");
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			java.util.concurrent.Future<RollbackResult> rollback = pool
				.submit(() -> migrator().rollback(RollbackRequest.steps(1, "runner-1")));
			// start the migrate only once the rollback is inside its Down, holding the lock
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (this.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(2.5)%'",
					Integer.class) == 0 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			java.util.concurrent.Future<RunResult> migrate = pool.submit(() -> migrator().migrate());
			assertThat(rollback.get(30, java.util.concurrent.TimeUnit.SECONDS).steps()).extracting(
					(step) -> step.version().toString()).containsExactly("4");
			RunResult run = migrate.get(30, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(run.lockWait()).as("the migrate waited for the rollback").isGreaterThan(Duration.ofMillis(300));
			assertThat(run.migrations()).extracting((m) -> m.version().toString()).containsExactly("4", "5");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(versions()).containsExactly("1", "2", "3", "4", "5");
	}

}
