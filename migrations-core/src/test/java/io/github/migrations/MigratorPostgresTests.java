package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The engine against a real PostgreSQL: apply, re-run, validation, failures, non-transactional
 * sections, session state.
 */
class MigratorPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "t");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.files = new MigrationFiles(this.directory);
		this.dataSource = database.dataSource();
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
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

	private List<Map<String, Object>> history() {
		return this.jdbc.queryForList("SELECT * FROM " + this.schema + ".schema_migrations ORDER BY id");
	}

	private boolean tableExists(String table) {
		return this.testSchema.tableExists(table);
	}

	@Test
	void appliesPendingMigrationsInVersionOrderAndRecordsEach() {
		this.files.migration("20240101000002_add_email.sql", "ALTER TABLE " + this.schema + ".users ADD COLUMN email text;",
				"ALTER TABLE " + this.schema + ".users DROP COLUMN email;");
		this.files.migration("20240101000001_create_users.sql",
				"CREATE TABLE " + this.schema + ".users (id bigint PRIMARY KEY, name text NOT NULL);",
				"DROP TABLE " + this.schema + ".users;");
		RunResult result = migrator().migrate();
		assertThat(result.successful()).isTrue();
		assertThat(result.migrations()).extracting((m) -> m.version().toString())
			.containsExactly("20240101000001", "20240101000002");
		assertThat(result.batch()).isEqualTo(1);
		List<Map<String, Object>> rows = history();
		assertThat(rows).extracting((r) -> r.get("version")).containsExactly("20240101000001", "20240101000002");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("success")).isEqualTo(true);
			assertThat(row.get("batch_number")).isEqualTo(1);
			assertThat((String) row.get("checksum")).hasSize(64);
			assertThat((String) row.get("rollback_sql")).contains("DROP");
			assertThat(row.get("installed_by")).isEqualTo("postgres");
			assertThat(row.get("executed_at")).isNotNull();
		});
		assertThat(rows.get(0).get("name")).isEqualTo("create_users");
		this.jdbc.update("INSERT INTO " + this.schema + ".users (id, name, email) VALUES (1, 'a', 'a@example.com')");
	}

	@Test
	void aSecondRunFindsNothingPendingAndChangesNothing() {
		this.files.migration("1_create.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		migrator().migrate();
		Long fence = this.jdbc.queryForObject("SELECT fence FROM " + this.schema + ".migration_lock", Long.class);
		RunResult second = migrator().migrate();
		assertThat(second.migrations()).isEmpty();
		assertThat(history()).hasSize(1);
		// Nothing pending: the run did not even take the lock.
		assertThat(this.jdbc.queryForObject("SELECT fence FROM " + this.schema + ".migration_lock", Long.class))
			.isEqualTo(fence);
	}

	@Test
	void eachRunGetsTheNextBatchNumber() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		migrator().migrate();
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		this.files.migration("3_c.sql", "CREATE TABLE " + this.schema + ".c (id int);", "DROP TABLE " + this.schema + ".c;");
		RunResult result = migrator().migrate();
		assertThat(result.batch()).isEqualTo(2);
		assertThat(history()).extracting((r) -> r.get("batch_number")).containsExactly(1, 2, 2);
	}

	@Test
	void flywayStyleNamesAreOrderedNumericallyPartByPart() {
		this.files.write("V1_10__later.sql", "-- +migrate Up\nCREATE TABLE " + this.schema + ".later (id int);");
		this.files.write("V1_9__earlier.sql", "-- +migrate Up\nCREATE TABLE " + this.schema + ".earlier (id int);");
		this.files.write("V2__last.sql", "-- +migrate Up\nCREATE TABLE " + this.schema + ".last (id int);");
		migrator().migrate();
		assertThat(history()).extracting((r) -> r.get("version")).containsExactly("1.9", "1.10", "2");
	}

	@Test
	void anEditedMigrationStopsTheRunNamingFileAndChecksums() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		migrator().migrate();
		String recorded = (String) history().get(0).get("checksum");
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id bigint);", "DROP TABLE " + this.schema + ".a;");
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getProblems()).singleElement()
					.satisfies((p) -> assertThat(p.kind()).isEqualTo(ValidationProblem.Kind.CHECKSUM_MISMATCH));
				assertThat(ex.getMessage()).contains("1_a.sql")
					.contains("edited after it was applied")
					.contains(recorded)
					.contains("new migration");
			});
		assertThat(tableExists("b")).as("nothing pending ran").isFalse();
	}

	@Test
	void editingOnlyTheDownSectionIsNotAChecksumMismatch() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		migrator().migrate();
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE IF EXISTS " + this.schema + ".a;");
		migrator().validate(true);
	}

	@Test
	void aMissingMigrationBetweenKnownVersionsStopsTheRunUnlessIgnored() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		migrator().migrate();
		this.files.delete("1_a.sql");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().validate(true))
			.withMessageContaining("Applied migration 1 (a) has no local file")
			.withMessageContaining("ignore-missing");
		new Migrator(this.dataSource, config().ignoreMissing(true).build()).validate(true);
	}

	@Test
	void appliedMigrationsNewerThanEveryLocalFileAreFutureNotAnError() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		migrator().migrate();
		this.files.delete("2_b.sql");
		RunResult result = migrator().migrate();
		assertThat(result.successful()).isTrue();
		MigrationStatus status = migrator().status();
		assertThat(status.migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.FUTURE);
		assertThat(status.currentVersion()).hasToString("2");
	}

	@Test
	void anOutOfOrderFileStopsTheRunUnlessEnabled() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		this.files.migration("3_c.sql", "CREATE TABLE " + this.schema + ".c (id int);", "DROP TABLE " + this.schema + ".c;");
		migrator().migrate();
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("2_b.sql")
			.withMessageContaining("older than the newest applied migration 3")
			.withMessageContaining("out-of-order");
		assertThat(tableExists("b")).isFalse();
		new Migrator(this.dataSource, config().outOfOrder(true).build()).migrate();
		assertThat(tableExists("b")).isTrue();
	}

	@Test
	void twoFilesWithOneVersionAreAnErrorNamingBoth() {
		this.files.migration("20240101000000_a.sql", "SELECT 1;", "SELECT 1;");
		this.files.migration("sub/20240101000000_b.sql", "SELECT 1;", "SELECT 1;");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("declared twice")
			.withMessageContaining("20240101000000_a.sql")
			.withMessageContaining("20240101000000_b.sql");
	}

	@Test
	void aFailingStatementInATransactionalMigrationLeavesNothingBehind() {
		this.files.migration("1_ok.sql", "CREATE TABLE " + this.schema + ".ok (id int);", "DROP TABLE " + this.schema + ".ok;");
		this.files.write("2_broken.sql", """
				-- +migrate Up
				CREATE TABLE %1$s.half (id int);
				INSERT INTO %1$s.half VALUES (1);

				INSERT INTO %1$s.half VALUES ('not a number');
				-- +migrate Down
				DROP TABLE %1$s.half;
				""".formatted(this.schema));
		this.files.migration("3_after.sql", "CREATE TABLE " + this.schema + ".after (id int);", "DROP TABLE " + this.schema + ".after;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(5);
				assertThat(ex.getSqlState()).isEqualTo("22P02");
				assertThat(ex.isDirty()).isFalse();
				assertThat(ex.getMessage()).contains("2_broken.sql").contains("line: 5").contains("not a number");
			});
		assertThat(tableExists("ok")).isTrue();
		assertThat(tableExists("half")).as("no partial DDL").isFalse();
		assertThat(tableExists("after")).isFalse();
		assertThat(history()).extracting((r) -> r.get("version")).containsExactly("1");
		// The lock was released: the next run proceeds at once once the file is fixed.
		this.files.migration("2_broken.sql", "CREATE TABLE " + this.schema + ".half (id int);", "DROP TABLE " + this.schema + ".half;");
		assertThat(migrator().migrate().migrations()).hasSize(2);
	}

	@Test
	void aFailedNonTransactionalMigrationMarksTheDatabaseDirtyUntilRepaired() {
		this.files.write("1_nontx.sql", """
				-- +migrate Up notransaction
				CREATE TABLE IF NOT EXISTS %1$s.n (id int);
				CREATE INDEX CONCURRENTLY IF NOT EXISTS n_id ON %1$s.n (id);
				SELECT 1/0;
				-- +migrate Down
				DROP TABLE %1$s.n;
				""".formatted(this.schema));
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.isDirty()).isTrue();
				assertThat(ex.getLine()).isEqualTo(4);
				assertThat(ex.getMessage()).contains("dirty").contains("repair");
			});
		assertThat(tableExists("n")).as("non-transactional statements stay applied").isTrue();
		assertThat(history()).singleElement().satisfies((row) -> assertThat(row.get("success")).isEqualTo(false));
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.FAILED);
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().migrate())
			.withMessageContaining("dirty")
			.withMessageContaining("repair");
		this.files.write("1_nontx.sql", """
				-- +migrate Up notransaction
				CREATE TABLE IF NOT EXISTS %1$s.n (id int);
				CREATE INDEX CONCURRENTLY IF NOT EXISTS n_id ON %1$s.n (id);
				-- +migrate Down
				DROP TABLE %1$s.n;
				""".formatted(this.schema));
		assertThat(migrator().repair()).isEqualTo(1);
		migrator().migrate();
		assertThat(history()).singleElement().satisfies((row) -> assertThat(row.get("success")).isEqualTo(true));
	}

	@Test
	void aRepairByARunnerThatLostTheLockChangesNothing() {
		this.files.write("1_nontx.sql", """
				-- +migrate Up notransaction
				CREATE TABLE IF NOT EXISTS %1$s.n (id int);
				SELECT 1/0;
				-- +migrate Down
				DROP TABLE %1$s.n;
				""".formatted(this.schema));
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate());
		// the lock taken over (its fence moved) right after the repair acquired it
		Migrator repairing = new Migrator(this.dataSource, config().listener(new MigrationListener() {

			@Override
			public void lockWaited(Duration waited, boolean acquired) {
				MigratorPostgresTests.this.jdbc.update("UPDATE " + MigratorPostgresTests.this.schema
						+ ".migration_lock SET fence = fence + 1000");
			}

		}).build());
		assertThatExceptionOfType(LockLostException.class)
			.isThrownBy(() -> repairing.repair("test", RepairMode.RERUN, false));
		assertThat(history()).singleElement().satisfies((row) -> assertThat(row.get("success")).isEqualTo(false));
	}

	@Test
	void createIndexConcurrentlyRunsWhileTheLockIsHeldWithoutHanging() {
		this.files.migration("1_table.sql", """
				CREATE TABLE %1$s.big (id bigint PRIMARY KEY, v text);
				INSERT INTO %1$s.big SELECT g, md5(g::text) FROM generate_series(1, 20000) g;""".formatted(this.schema),
				"DROP TABLE " + this.schema + ".big;");
		this.files.write("2_index.sql", """
				-- +migrate Up notransaction
				CREATE INDEX CONCURRENTLY IF NOT EXISTS big_v ON %1$s.big (v);
				-- +migrate Down notransaction
				DROP INDEX CONCURRENTLY IF EXISTS %1$s.big_v;
				""".formatted(this.schema));
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> migrator().migrate());
		assertThat(this.jdbc.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, this.schema + ".big_v")).isTrue();
	}

	@Test
	void sessionSettingsAMigrationChangesDoNotLeakOrMisdirectTheHistory() throws SQLException {
		this.jdbc.execute("CREATE SCHEMA " + this.schema + "_other");
		this.files.migration("1_search_path.sql", """
				SET search_path TO %1$s_other;
				SELECT set_config('statement_timeout', '1234', false);
				CREATE TABLE in_other (id int);""".formatted(this.schema), "DROP TABLE " + this.schema + "_other.in_other;");
		this.files.migration("2_next.sql", "CREATE TABLE " + this.schema + ".next (id int);", "DROP TABLE " + this.schema + ".next;");
		DataSource single = new org.springframework.jdbc.datasource.SingleConnectionDataSource(database.connect(),
				true);
		try {
			// Every statement of the engine shares one session here: the worst case for leaks.
			Migrator migrator = new Migrator(single, config().build());
			assertThat(migrator.migrate().migrations()).hasSize(2);
			assertThat(history()).hasSize(2);
			try (Connection c = single.getConnection(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SHOW search_path")) {
				rs.next();
				assertThat(rs.getString(1)).doesNotContain("_other");
			}
			assertThat(new JdbcTemplate(single).queryForObject("SHOW statement_timeout", String.class))
				.isNotEqualTo("1234ms");
		}
		finally {
			((org.springframework.jdbc.datasource.SingleConnectionDataSource) single).destroy();
		}
	}

	@Test
	void javaMigrationsRunInOrderWithSqlOnesInsideTheirTransaction() {
		this.files.migration("1_create.sql", "CREATE TABLE " + this.schema + ".t (id int);", "DROP TABLE " + this.schema + ".t;");
		this.files.migration("3_more.sql", "INSERT INTO " + this.schema + ".t VALUES (3);", "DELETE FROM " + this.schema + ".t WHERE id = 3;");
		List<String> calls = new ArrayList<>();
		JavaMigration java = new JavaMigration() {
			@Override
			public MigrationVersion getVersion() {
				return MigrationVersion.parse("2");
			}

			@Override
			public String getName() {
				return "seed";
			}

			@Override
			public void up(MigrationContext context) {
				calls.add("up");
				context.jdbcTemplate().update("INSERT INTO " + MigratorPostgresTests.this.schema + ".t VALUES (2)");
			}
		};
		new Migrator(this.dataSource, config().javaMigration(java).build()).migrate();
		assertThat(calls).containsExactly("up");
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".t ORDER BY id", Integer.class))
			.containsExactly(2, 3);
		assertThat(history()).extracting((r) -> r.get("type")).containsExactly("SQL", "JAVA", "SQL");
	}

	@Test
	void aFailingJavaMigrationRollsBackItsWork() {
		this.files.migration("1_create.sql", "CREATE TABLE " + this.schema + ".t (id int);", "DROP TABLE " + this.schema + ".t;");
		JavaMigration java = new JavaMigration() {
			@Override
			public MigrationVersion getVersion() {
				return MigrationVersion.parse("2");
			}

			@Override
			public String getName() {
				return "fails";
			}

			@Override
			public void up(MigrationContext context) {
				context.jdbcTemplate().update("INSERT INTO " + MigratorPostgresTests.this.schema + ".t VALUES (2)");
				throw new IllegalStateException("boom");
			}
		};
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(this.dataSource, config().javaMigration(java).build()).migrate())
			.withMessageContaining("boom");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + this.schema + ".t", Integer.class)).isZero();
		assertThat(history()).hasSize(1);
	}

	@Test
	void theTargetStopsTheRunAtAVersion() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		this.files.migration("2_b.sql", "CREATE TABLE " + this.schema + ".b (id int);", "DROP TABLE " + this.schema + ".b;");
		new Migrator(this.dataSource, config().target(MigrationVersion.parse("1")).build()).migrate();
		assertThat(tableExists("a")).isTrue();
		assertThat(tableExists("b")).isFalse();
		assertThat(new Migrator(this.dataSource, config().target(MigrationVersion.parse("1")).build()).status()
			.migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.ABOVE_TARGET);
	}

	@Test
	void validateRefusesPendingMigrationsWhenNoneAreAllowed() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(() -> migrator().validate(false))
			.withMessageContaining("1_a.sql")
			.withMessageContaining("is pending");
		migrator().validate(true);
	}

	@Test
	void statusListsEveryMigrationWithItsStateAndTheLock() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		migrator().migrate();
		this.files.write("2_b.sql", "-- +migrate Up\nCREATE TABLE " + this.schema + ".b (id int);");
		MigrationStatus status = migrator().status();
		assertThat(status.database()).startsWith("PostgreSQL");
		assertThat(status.schema()).isEqualTo(this.schema);
		assertThat(status.currentVersion()).hasToString("1");
		assertThat(status.migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
		assertThat(status.migrations().get(0).reversible()).isTrue();
		assertThat(status.migrations().get(1).reversible()).isFalse();
		assertThat(status.pending()).singleElement().satisfies((m) -> assertThat(m.name()).isEqualTo("b"));
		assertThat(status.lock()).isNotNull();
		assertThat(status.lock().held()).isFalse();
	}

	@Test
	void listenersHearEveryStepOfARun() {
		this.files.migration("1_a.sql", "CREATE TABLE " + this.schema + ".a (id int);", "DROP TABLE " + this.schema + ".a;");
		List<String> events = new ArrayList<>();
		MigrationListener listener = new MigrationListener() {
			@Override
			public void runStarted(String operation) {
				events.add("run:" + operation);
			}

			@Override
			public void lockWaited(Duration waited, boolean acquired) {
				events.add("lock:" + acquired);
			}

			@Override
			public void migrationStarted(MigrationDescriptor migration, Direction direction) {
				events.add("start:" + migration.version());
			}

			@Override
			public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
				events.add("ok:" + migration.version() + ":" + direction);
			}

			@Override
			public void runFinished(RunResult result) {
				events.add("finished:" + result.successful());
			}
		};
		new Migrator(this.dataSource, config().listener(listener).build()).migrate();
		assertThat(events).containsExactly("run:migrate", "lock:true", "start:1", "ok:1:UP", "finished:true");
	}

}
