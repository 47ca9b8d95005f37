package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * Group mode on a real PostgreSQL: the pending transactional migrations of a run in one
 * transaction, all or none; a non-transactional migration ends a group.
 */
class MigratorGroupPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "g");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.group(true)
			.lockLease(Duration.ofSeconds(60))
			.lockWaitTimeout(Duration.ofSeconds(10));
	}

	private void table(int version, String name) {
		this.files.migration(version + "_" + name + ".sql",
				"CREATE TABLE " + this.schema + "." + name + " (id int);\nINSERT INTO " + this.schema + "." + name
						+ " VALUES (" + version + ");",
				"DROP TABLE " + this.schema + "." + name + ";");
	}

	/**
	 * The transaction that wrote each history row, in version order: rows committed together
	 * share it.
	 */
	private List<String> transactions() {
		return this.jdbc.queryForList("SELECT xmin::text FROM " + this.schema + ".schema_migrations ORDER BY id",
				String.class);
	}

	@Test
	void thePendingMigrationsOfARunCommitTogetherInOneTransaction() {
		table(1, "a");
		table(2, "b");
		table(3, "c");
		List<String> events = new CopyOnWriteArrayList<>();
		MigrationListener listener = new MigrationListener() {
			@Override
			public void migrationStarted(MigrationDescriptor migration, Direction direction) {
				events.add("started " + migration.version());
			}

			@Override
			public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
				events.add("succeeded " + migration.version());
			}
		};

		RunResult result = new Migrator(database.dataSource(), config().listener(listener).build()).migrate();

		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("1", "2", "3");
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2", "3");
		assertThat(transactions()).hasSize(3).containsOnly(transactions().get(0));
		assertThat(this.jdbc.queryForList("SELECT execution_time_ms FROM " + this.schema
				+ ".schema_migrations", Long.class)).allSatisfy((ms) -> assertThat(ms).isNotNegative());
		assertThat(events).containsExactly("started 1", "started 2", "started 3", "succeeded 1", "succeeded 2",
				"succeeded 3");
	}

	@Test
	void aFailureInAGroupNamesTheFileAndLineAndAppliesNothingOfIt() {
		table(1, "a");
		table(2, "b");
		this.files.write("3_broken.sql", "-- +migrate Up\nCREATE TABLE " + this.schema + ".c (id int);\n"
				+ "INSERT INTO " + this.schema + ".c VALUES ('not a number');\n");
		table(4, "d");

		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().build()).migrate())
			.satisfies((ex) -> {
				assertThat(ex.getVersion()).hasToString("3");
				assertThat(ex.getScript()).endsWith("3_broken.sql");
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.getSqlState()).isEqualTo("22P02");
				assertThat(ex.getMessage()).contains("Nothing was applied")
					.contains("the group of 4 migrations from 1 a to 4 d")
					.contains("migrations.group=true");
			});

		assertThat(this.testSchema.historyVersions()).isEmpty();
		for (String table : List.of("a", "b", "c", "d")) {
			assertThat(this.testSchema.tableExists(table)).as(table).isFalse();
		}
	}

	@Test
	void aGroupThatRunsOutOfTheServersLockTableSaysSoAndNotToFixTheStatement() {
		table(1, "a");
		this.files.write("2_locks.sql", "-- +migrate Up\n" + moreLocksThanTheServerHolds());
		table(3, "c");

		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().build()).migrate())
			.satisfies((ex) -> {
				assertThat(ex.getSqlState()).isEqualTo("53200");
				assertThat(ex.getLine()).isEqualTo(2);
				assertThat(ex.getMessage()).contains("Nothing was applied", "the group of 3 migrations",
						"The group needed more locks than the server's lock table holds",
						"max_locks_per_transaction × (max_connections + max_prepared_transactions)",
						"migrations.group=false", "migrations.target")
					.doesNotContain("Fix the statement");
			});
		assertThat(this.testSchema.historyVersions()).isEmpty();
		assertThat(this.testSchema.tableExists("a")).isFalse();
	}

	@Test
	void aMigrationThatRunsOutOfTheServersLockTableIsToldToSplit() {
		this.files.write("1_locks.sql", "-- +migrate Up\n" + moreLocksThanTheServerHolds());

		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().group(false).build()).migrate())
			.satisfies((ex) -> assertThat(ex.getMessage())
				.contains("it needed more locks than the server's lock table holds", "Split ", "1_locks.sql")
				.doesNotContain("Fix the statement"));
		assertThat(this.testSchema.historyVersions()).isEmpty();
	}

	/**
	 * A statement that fills the server's lock table, whatever its size: transaction-level
	 * advisory locks, several times what {@code max_locks_per_transaction} sizes it for (the
	 * table grows into spare shared memory a little). It fails at once and gives the locks back.
	 */
	private String moreLocksThanTheServerHolds() {
		Long slots = this.jdbc.queryForObject("SELECT current_setting('max_locks_per_transaction')::bigint * "
				+ "(current_setting('max_connections')::bigint + current_setting('max_prepared_transactions')::bigint)",
				Long.class);
		return "SELECT count(pg_advisory_xact_lock(g)) FROM generate_series(1, " + (4 * slots + 10_000) + ") g;\n";
	}

	@Test
	void aNonTransactionalMigrationEndsAGroupAndRunsByItself() {
		table(1, "a");
		table(2, "b");
		this.files.write("3_index.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS b_id ON "
				+ this.schema + ".b (id);\n");
		table(4, "d");
		table(5, "e");

		new Migrator(database.dataSource(), config().build()).migrate();

		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2", "3", "4", "5");
		List<String> transactions = transactions();
		assertThat(transactions.get(0)).isEqualTo(transactions.get(1));
		assertThat(transactions.get(3)).isEqualTo(transactions.get(4));
		assertThat(transactions.get(2)).isNotIn(transactions.get(0), transactions.get(3));
		assertThat(transactions.get(0)).isNotEqualTo(transactions.get(3));
	}

	@Test
	void aGroupFencedOutBeforeItRunsAppliesNothing() {
		table(1, "a");
		table(2, "b");
		String s = this.schema;
		MigrationListener intruder = new MigrationListener() {
			@Override
			public void migrationStarted(MigrationDescriptor migration, Direction direction) {
				if ("b".equals(migration.name())) {
					MigratorGroupPostgresTests.this.jdbc.update("UPDATE " + s + ".migration_lock SET fence = fence + 1, "
							+ "locked_by = 'intruder', locked_at = now(), lease_expires_at = now() + interval '1 minute'");
				}
			}
		};

		assertThatExceptionOfType(LockLostException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().listener(intruder).build()).migrate())
			.withMessageContaining("first of the group of 2 migrations")
			.withMessageContaining("intruder");

		assertThat(this.testSchema.historyVersions()).isEmpty();
		assertThat(this.testSchema.tableExists("a")).isFalse();
	}

}
