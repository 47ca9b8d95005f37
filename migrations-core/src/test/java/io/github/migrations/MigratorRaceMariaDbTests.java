package io.github.migrations;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The race and {@code kill -9} of {@link AbstractMigratorRaceTests} on MariaDB. Each test's schema
 * is a database of its own. The racing migrations are DDL, which commits by itself here, so they
 * run statement by statement with the fence checked before each; the migration a runner is killed
 * in is DML only, which stays in one transaction that InnoDB rolls back when the server ends the
 * dead client's session. A runner killed in a migration with DDL leaves the statements that
 * committed, as docs/mariadb.md says.
 */
class MigratorRaceMariaDbTests extends AbstractMigratorRaceTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.schema = db.schema("race" + (++schemas));
		jdbc().execute("CREATE DATABASE " + this.schema);
	}

	@Override
	DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	String jdbcUrl() {
		return db.jdbcUrl();
	}

	@Override
	String user() {
		return db.user();
	}

	@Override
	String password() {
		return db.password();
	}

	@Override
	String schema() {
		return this.schema;
	}

	@Override
	String sleep(double seconds) {
		return "SELECT SLEEP(" + ((seconds == Math.rint(seconds)) ? String.valueOf((long) seconds)
				: String.valueOf(seconds)) + ")";
	}

	@Override
	int sessionsRunning(String prefix) {
		// the server is shared: only sessions whose database is this class's
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM information_schema.processlist "
				+ "WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE ?", Integer.class, prefix + "%");
		return (count != null) ? count : 0;
	}

	@Override
	int tableCount() {
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?",
				Integer.class, this.schema);
		return (count != null) ? count : 0;
	}

	@Override
	String transactionalWork() {
		// DML only: DDL would commit by itself (see MigratorMariaDbTests for that case)
		return "INSERT INTO " + this.schema + ".users VALUES (1);";
	}

	@Override
	Duration serverNoticesKilledClientWithin() {
		// MariaDB has no client_connection_check_interval: a running SLEEP notices the closed
		// connection when it next looks, about every five seconds
		return Duration.ofSeconds(8);
	}

	@Test
	void runnerKilledInTheMiddleOfAMigrationWithDdlIsRecordedDirtyWithWhatTookEffectByTheNextRunner()
			throws Exception {
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE " + this.schema + ".users;");
		String sleep = sleep(60);
		slow.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "CREATE INDEX orders_id ON " + this.schema + ".orders (id);\n" + sleep + ";\nINSERT INTO "
				+ this.schema + ".orders VALUES (1);", "DROP TABLE " + this.schema + ".orders;");
		Process killed = runner(slow.location(), this.directory.resolve("out-killed"), "-");
		long killedAt = killOnceRunning(killed, sleep);
		// the CREATE TABLE and CREATE INDEX committed by themselves; the migration has no row yet
		assertThat(tableCount()).as("users, orders, history, lock").isEqualTo(4);
		assertThat(jdbc().queryForList("SELECT version FROM " + this.schema + ".schema_migrations", String.class))
			.containsExactly(version(1));
		assertThat(jdbc().queryForObject("SELECT progress FROM " + this.schema + ".migration_lock", String.class))
			.as("the count the killed runner recorded before its third statement")
			.endsWith("/2/" + version(2));

		// the next runner, after the lease, records what the lock row says took effect, and stops
		assertThatExceptionOfType(MigrationValidationException.class)
			.isThrownBy(() -> new Migrator(dataSource(), config(slow.location())).migrate())
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("Migration " + version(2),
					"failed part-way without a transaction", "its first 2 statements took effect",
					"it stopped at the one on line 4 of", "repair in mode resume"));
		Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.println(getClass().getSimpleName() + ": kill -9 in a DDL migration: next runner recorded it "
				+ takeover.toMillis() + " ms after the kill (lease " + LEASE.toMillis() + " ms)");
		assertThat(takeover).isLessThan(LEASE.plusSeconds(3));
		assertThat(jdbc().queryForMap("SELECT success, statements_done FROM " + this.schema
				+ ".schema_migrations WHERE version = ?", version(2)))
			.containsEntry("success", false)
			.containsEntry("statements_done", 2);
		assertThat(jdbc().queryForObject("SELECT progress FROM " + this.schema + ".migration_lock", String.class))
			.as("a holder that releases the lock clears the count")
			.isNull();

		// resumed from the statement it stopped at: CREATE TABLE and CREATE INDEX do not run again
		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.write(version(1) + "_users.sql", Files.readString(slow.directory().resolve(version(1) + "_users.sql")));
		fixed.write(version(2) + "_orders.sql",
				Files.readString(slow.directory().resolve(version(2) + "_orders.sql")).replace(sleep, "SELECT 1"));
		Migrator migrator = new Migrator(dataSource(), config(fixed.location()));
		migrator.repair("operator", RepairMode.RESUME, false);
		assertThat(migrator.migrate().migrations()).extracting((m) -> m.version().toString())
			.containsExactly(version(2));
		assertThat(jdbc().queryForList("SELECT id FROM " + this.schema + ".orders", Integer.class)).containsExactly(1);
		assertThat(jdbc().queryForObject("SELECT success FROM " + this.schema + ".schema_migrations WHERE version = ?",
				Boolean.class, version(2))).isTrue();
	}

	@Test
	void aHistoryRowFencedOutAfterTheLastStatementRecordsNothingAndTheLockIsLost() {
		// the migration's own last statement moves the fence, as another runner taking over would:
		// the history row is written only while the fence is ours, so nothing is recorded
		MigrationFiles files = new MigrationFiles(this.directory.resolve("fenced"));
		files.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);\n"
				+ "UPDATE " + this.schema + ".migration_lock SET fence = fence + 1000;", "DROP TABLE users;");
		assertThatExceptionOfType(LockLostException.class)
			.isThrownBy(() -> new Migrator(dataSource(), config(files.location())).migrate())
			.withMessageContaining("Lost the migration lock")
			.withMessageContaining("another runner took over");
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM " + this.schema + ".schema_migrations", Integer.class))
			.isZero();
		assertThat(tableCount()).as("users, history, lock").isEqualTo(3);
	}

	@Test
	void aDmlMigrationFencedOutBetweenItsStatementsAndItsCommitCommitsNothingAndRecordsNothing() throws Exception {
		// a DML-only migration is one transaction fenced by its history row at its end: another
		// runner taking the lock while its statements run (here: the fence moved by hand during the
		// SLEEP, which no lock of the transaction holds back) makes that row write nothing, and the
		// transaction rolls back, its statements with it
		MigrationFiles files = new MigrationFiles(this.directory.resolve("dml"));
		files.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE users;");
		String sleep = sleep(2);
		files.migration(version(2) + "_rows.sql", "INSERT INTO " + this.schema + ".users VALUES (1);\n" + sleep
				+ ";\nINSERT INTO " + this.schema + ".users VALUES (2);", "DELETE FROM users;");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<RunResult> run = executor.submit(() -> new Migrator(dataSource(), config(files.location())).migrate());
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (sessionsRunning(sleep) == 0) {
				assertThat(System.nanoTime()).as("runner reached the sleep").isLessThan(deadline);
				Thread.sleep(20);
			}
			assertThat(jdbc().update("UPDATE " + this.schema
					+ ".migration_lock SET fence = fence + 1000, locked_by = 'runner-b' WHERE is_locked")).isOne();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(LockLostException.class)
				.withMessageContaining("migration " + version(2))
				.withMessageContaining("another runner took over")
				.withMessageContaining("runner-b");
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM " + this.schema + ".users", Integer.class))
			.as("nothing of the fenced-out transaction committed")
			.isZero();
		assertThat(jdbc().queryForList("SELECT version FROM " + this.schema + ".schema_migrations", String.class))
			.containsExactly(version(1));
	}

	@Test
	void aFenceMovedBetweenMigrationsLetsAtMostOneStatementRunAndRecordsNothingOfIt() {
		// the history row of 1 proves the fence for the first statement of 2; moved right after
		// that row, the first statement of 2 still runs (the window of one statement), the proof
		// before its second refuses it, and 2 records nothing
		MigrationFiles files = new MigrationFiles(this.directory.resolve("window"));
		files.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE users;");
		files.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "CREATE TABLE " + this.schema + ".items (id int);", "DROP TABLE items;\nDROP TABLE orders;");
		// a long lease: the proof stands while the lease's last extension is under a third of it old
		MigratorConfig config = config(files.location()).toBuilder().lockLease(Duration.ofSeconds(30))
			.listener(new MigrationListener() {

			@Override
			public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
				jdbc().update("UPDATE " + MigratorRaceMariaDbTests.this.schema + ".migration_lock SET fence = fence + 1000");
			}

		}).build();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> new Migrator(dataSource(), config).migrate())
			.withMessageContaining("migration " + version(2))
			// refused at the proof before its second statement: no count was recorded
			.withMessageContaining("before any count of them was recorded, so the runner that takes over runs it "
					+ "again from where this run started it");
		assertThat(jdbc().queryForList("SELECT version FROM " + this.schema + ".schema_migrations", String.class))
			.containsExactly(version(1));
		assertThat(jdbc().queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
				String.class, this.schema)).contains("orders").doesNotContain("items");
	}

	@Test
	void aLockLostAfterACountWasRecordedSaysThatTheRunnerTakingOverRecordsTheMigrationFailedWithIt() {
		// the migration's second statement moves the fence, as a takeover would: the count of one
		// statement was recorded before it, and the proof before the third refuses the run
		MigrationFiles files = new MigrationFiles(this.directory.resolve("counted"));
		files.migration(version(1) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "UPDATE " + this.schema + ".migration_lock SET fence = fence + 1000;\n"
				+ "CREATE TABLE " + this.schema + ".items (id int);", "DROP TABLE items;\nDROP TABLE orders;");
		MigratorConfig config = config(files.location()).toBuilder().lockLease(Duration.ofSeconds(30)).build();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> new Migrator(dataSource(), config).migrate())
			.withMessageContaining("migration " + version(1))
			.withMessageContaining("the lock row holds the count of those before the last one it proved. The runner "
					+ "that takes over records the migration as failed with that count");
		assertThat(jdbc().queryForObject("SELECT progress FROM " + this.schema + ".migration_lock", String.class))
			.endsWith("/1/" + version(1));
		assertThat(jdbc().queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
				String.class, this.schema)).contains("orders").doesNotContain("items");
	}

}
