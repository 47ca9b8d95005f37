package io.github.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Many runners against one database, as threads and as separate JVMs, and a runner killed with
 * {@code kill -9} in the middle of a migration: the same guarantees on every database, one
 * subclass per database. Each test works in a fresh schema ({@link #schema()}); its tables are
 * named with it.
 */
abstract class AbstractMigratorRaceTests {

	static final Duration LEASE = Duration.ofSeconds(3);

	@TempDir
	Path directory;

	/**
	 * Connections to the database of the test (not bound to {@link #schema()}: names are
	 * qualified).
	 */
	abstract DataSource dataSource();

	/**
	 * What the separate JVMs connect with: the same database as {@link #dataSource()}.
	 */
	abstract String jdbcUrl();

	abstract String user();

	abstract String password();

	/**
	 * The test's own schema (a database on MariaDB), made before each test.
	 */
	abstract String schema();

	/**
	 * A statement that sleeps for {@code seconds} on this database.
	 */
	abstract String sleep(double seconds);

	/**
	 * How many sessions on the test's database are running a statement that starts with
	 * {@code prefix}.
	 */
	abstract int sessionsRunning(String prefix);

	/**
	 * The number of tables in {@link #schema()}.
	 */
	abstract int tableCount();

	/**
	 * The Up section of the migration a runner is killed in: transactional work (whatever this
	 * database takes back on a rollback) that uses the table {@code users}, before
	 * {@link #sleep}.
	 */
	abstract String transactionalWork();

	/**
	 * Asserts what a killed runner's migration left behind, beyond the row the common test checks.
	 */
	void assertKilledMigrationLeftNothingElse() {
	}

	/**
	 * How long the server may take to notice that a killed runner's connection is gone and to end
	 * its session (which rolls back its transaction and so releases its row locks).
	 */
	Duration serverNoticesKilledClientWithin() {
		return LEASE;
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	@Test
	void racingThreadsAndProcessesApplyEveryMigrationExactlyOnce() throws Exception {
		int count = 50;
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		for (int i = 1; i <= count; i++) {
			// CREATE TABLE without IF NOT EXISTS: running a migration twice fails the runner.
			files.migration(version(i) + "_step_" + i + ".sql",
					"CREATE TABLE " + schema() + ".step_" + i + " (id int);\n" + sleep(0.01) + ";",
					"DROP TABLE " + schema() + ".step_" + i + ";");
		}
		List<String> versions = IntStream.rangeClosed(1, count).mapToObj(MigrationFiles::version).toList();
		long started = System.nanoTime();
		List<Integer> appliedBy = race().race(files.location(), versions, 8, 4);
		System.out.println(getClass().getSimpleName() + ": " + count + " migrations in "
				+ (System.nanoTime() - started) / 1_000_000 + " ms; applied per runner (8 threads, then 4 processes): "
				+ appliedBy);
		assertThat(appliedBy.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
		race().assertEveryVersionRecordedOnce(jdbc(), count);
		// the steps, the history and the lock
		assertThat(tableCount()).isEqualTo(count + 2);
	}

	@Test
	void runnerKilledInTheMiddleOfATransactionalMigrationLeavesNothingBehindAndIsTakenOverAfterItsLease()
			throws Exception {
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_users.sql", "CREATE TABLE " + schema() + ".users (id int);",
				"DROP TABLE " + schema() + ".users;");
		String sleep = sleep(60);
		slow.migration(version(2) + "_orders.sql", transactionalWork() + "\n" + sleep + ";", "SELECT 1;");
		Process killed = race().runner(slow.location(), this.directory.resolve("out-killed"), "-", null, null);
		long killedAt = killOnceRunning(killed, sleep);
		// The server notices the dead client, rolls its transaction back and ends the session.
		long deadline = System.nanoTime() + serverNoticesKilledClientWithin().toNanos();
		while (sessionsRunning(sleep) > 0) {
			assertThat(System.nanoTime()).as("server ended the killed runner's session").isLessThan(deadline);
			Thread.sleep(20);
		}
		System.out.println(getClass().getSimpleName() + ": the server ended the killed runner's session "
				+ Duration.ofNanos(System.nanoTime() - killedAt).toMillis() + " ms after the kill");
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM " + schema() + ".users", Integer.class)).isZero();
		assertKilledMigrationLeftNothingElse();
		assertThat(jdbc().queryForList("SELECT version FROM " + schema() + ".schema_migrations", String.class))
			.containsExactly(version(1));

		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.write(version(1) + "_users.sql", Files.readString(slow.directory().resolve(version(1) + "_users.sql")));
		fixed.migration(version(2) + "_orders.sql", "INSERT INTO " + schema() + ".users VALUES (2);", "SELECT 1;");
		RunResult next = new Migrator(dataSource(), config(fixed.location())).migrate();
		Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.println(getClass().getSimpleName() + ": kill -9 takeover: next runner done " + takeover.toMillis()
				+ " ms after the kill, having waited " + next.lockWait().toMillis() + " ms for the lock (lease "
				+ LEASE.toMillis() + " ms)");
		assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly(version(2));
		assertThat(jdbc().queryForList("SELECT id FROM " + schema() + ".users", Integer.class)).containsExactly(2);
		assertThat(takeover).isLessThan(LEASE.plus(serverNoticesKilledClientWithin()).plusSeconds(2));
	}

	@Test
	void nonTransactionalStatementIsCancelledWhenTheLockIsTakenOverByHand() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		String sleep = sleep(30);
		files.write(version(1) + "_slow.sql", "-- +migrate Up notransaction\n" + sleep + ";\n");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<RunResult> run = executor.submit(() -> new Migrator(dataSource(), config(files.location())).migrate());
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (sessionsRunning(sleep) == 0) {
				assertThat(System.nanoTime()).as("runner reached the slow statement").isLessThan(deadline);
				Thread.sleep(20);
			}
			long start = System.nanoTime();
			jdbc().update("UPDATE " + schema() + ".migration_lock SET fence = fence + 1000");
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.withMessageContaining("lock");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(sessionsRunning(sleep)).isZero();
	}

	RunnerRace race() {
		return new RunnerRace(dataSource(), jdbcUrl(), user(), password(), schema(), LEASE, this.directory);
	}

	MigratorConfig config(String location) {
		return race().config(location);
	}

	/**
	 * Waits until the runner's session runs the statement {@code running} starts with, then kills
	 * the runner's JVM ({@code kill -9}).
	 * @return when it was killed ({@link System#nanoTime()})
	 */
	long killOnceRunning(Process runner, String running) throws InterruptedException {
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (sessionsRunning(running) == 0) {
				assertThat(runner.isAlive()).as("runner process alive").isTrue();
				assertThat(System.nanoTime()).as("runner reached the slow statement").isLessThan(deadline);
				Thread.sleep(50);
			}
			runner.destroyForcibly();
			long killedAt = System.nanoTime();
			assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
			return killedAt;
		}
		finally {
			runner.destroyForcibly();
		}
	}

	Process runner(String location, Path out, String target) throws IOException {
		return race().runner(location, out, target, null, null);
	}

}
