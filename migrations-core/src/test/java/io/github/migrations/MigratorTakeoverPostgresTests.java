package io.github.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takeover after a crash and the report of a runner that lost the lock, on a direct connection
 * to a real PostgreSQL, with runners in JVMs of their own ({@link MigrateMain}): a waiter takes
 * over from a holder killed with {@code kill -9} as soon as the holder's session is gone (with
 * the default 30 s lease), and a runner paused between two migrations past its lease is refused
 * by the fence and says so. The same through PgBouncer, where the lease is waited out, is in
 * {@link MigratorPgBouncerTests}.
 */
class MigratorTakeoverPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "takeover");

	@TempDir
	Path directory;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
	}

	@Test
	void waiterTakesOverWithinSecondsOfAKillOfTheHolderDespiteTheDefaultLease() throws Exception {
		Duration lease = MigratorConfig.DEFAULT_LOCK_LEASE;
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE " + this.schema + ".users;");
		slow.migration(version(2) + "_orders.sql",
				"CREATE TABLE " + this.schema + ".orders (id int);\nSELECT pg_sleep(120);",
				"DROP TABLE " + this.schema + ".orders;");
		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.write(version(1) + "_users.sql", Files.readString(slow.directory().resolve(version(1) + "_users.sql")));
		fixed.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);",
				"DROP TABLE " + this.schema + ".orders;");
		Process holder = runner(slow.location(), lease, this.directory.resolve("out-killed"), List.of());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			awaitSessionRunning(holder, "SELECT pg_sleep(120)");
			// the waiter polls (with the default backoff) while the holder's lease runs
			Future<RunResult> waiting = executor.submit(() -> new Migrator(database.dataSource(),
					config(fixed.location(), lease)).migrate());
			Thread.sleep(1000);
			assertThat(waiting).isNotDone();
			OffsetDateTime leaseEnds = this.jdbc.queryForObject(
					"SELECT lease_expires_at FROM " + this.schema + ".migration_lock", OffsetDateTime.class);
			holder.destroyForcibly();
			long killedAt = System.nanoTime();
			RunResult next = waiting.get(2, TimeUnit.MINUTES);
			Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
			OffsetDateTime appliedAt = this.jdbc.queryForObject("SELECT executed_at FROM " + this.schema
					+ ".schema_migrations WHERE version = ?", OffsetDateTime.class, version(2));
			System.out.println("kill -9 takeover (lease " + lease.toSeconds() + " s, direct connection): the waiter "
					+ "applied the rest " + takeover.toMillis() + " ms after the kill; the holder's lease still had "
					+ Duration.between(appliedAt, leaseEnds).toMillis() + " ms to run");
			assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly(version(2));
			// generous, so that a loaded machine cannot make it flake; well under the lease
			assertThat(takeover).isLessThan(Duration.ofSeconds(10));
			assertThat(appliedAt).isBefore(leaseEnds);
		}
		finally {
			holder.destroyForcibly();
			executor.shutdownNow();
		}
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY version",
				String.class)).containsExactly(version(1), version(2));
	}

	@Test
	void runnerPausedBetweenTwoMigrationsPastItsLeaseIsRefusedByTheFenceAndReportsTheLostLock() throws Exception {
		Duration lease = Duration.ofSeconds(3);
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		for (int i = 1; i <= 3; i++) {
			// CREATE TABLE without IF NOT EXISTS: running a migration twice fails
			files.migration(version(i) + "_step_" + i + ".sql", "CREATE TABLE " + this.schema + ".step_" + i + " (id int);",
					"DROP TABLE " + this.schema + ".step_" + i + ";");
		}
		Path marker = this.directory.resolve("first-committed");
		Path out = this.directory.resolve("out-paused");
		Process paused = runner(files.location(), lease, out, List.of("-Dmigrate.pauseAfterFirst=" + marker));
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (!Files.exists(marker)) {
				assertThat(paused.isAlive()).as("runner process alive").isTrue();
				assertThat(System.nanoTime()).as("runner committed its first migration").isLessThan(deadline);
				Thread.sleep(10);
			}
			// After its first commit, before the fence check of the next migration: the whole
			// process stops (heartbeat included), its lease runs out, and the next runner takes over.
			signal("STOP", paused);
			RunResult next = new Migrator(database.dataSource(), config(files.location(), lease)).migrate();
			assertThat(next.migrations()).extracting((m) -> m.version().toString())
				.containsExactly(version(2), version(3));
			signal("CONT", paused);
			assertThat(paused.waitFor(30, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(out);
			System.out.println("Runner paused between migrations, after SIGCONT:\n" + output);
			assertThat(paused.exitValue()).as(output).isEqualTo(1);
			assertLostLockReport(output, version(2), "step_2");
		}
		finally {
			signal("CONT", paused);
			paused.destroyForcibly();
		}
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY version",
				String.class)).containsExactly(version(1), version(2), version(3));
	}

	@Test
	void runnerPausedInsideATransactionPastItsLeaseWithNobodyWaitingReportsTheLockLostAndReleasesIt() throws Exception {
		Duration lease = Duration.ofSeconds(3);
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "SELECT pg_sleep(2);\nINSERT INTO " + this.schema + ".orders VALUES (1);",
				"DROP TABLE " + this.schema + ".orders;");
		Path out = this.directory.resolve("out-paused");
		Process paused = runner(slow.location(), lease, out, List.of());
		try {
			awaitSessionRunning(paused, "SELECT pg_sleep(2)");
			signal("STOP", paused);
			// The server ends the transaction once it idled for the lease; nobody takes the lock.
			long deadline = System.nanoTime() + lease.plusSeconds(20).toNanos();
			while (this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND query LIKE 'SELECT pg_sleep(2)%'", Integer.class) > 0) {
				assertThat(System.nanoTime()).as("server ended the paused transaction").isLessThan(deadline);
				Thread.sleep(50);
			}
			signal("CONT", paused);
			assertThat(paused.waitFor(30, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(out);
			System.out.println("Runner paused inside its transaction, nobody waiting, after SIGCONT:\n" + output);
			assertThat(paused.exitValue()).as(output).isEqualTo(1);
			assertLostLockReport(output, version(1), "orders", false);
			assertThat(output).contains("paused for longer than its lease of 3000 ms")
				.contains("no other runner had taken the lock yet, so it is released for the next one");
		}
		finally {
			signal("CONT", paused);
			paused.destroyForcibly();
		}
		assertThat(this.jdbc.queryForObject("SELECT is_locked FROM " + this.schema + ".migration_lock", Boolean.class))
			.isFalse();
		assertThat(this.jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, this.schema + ".orders"))
			.isTrue();
		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.migration(version(1) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);",
				"DROP TABLE " + this.schema + ".orders;");
		RunResult next = new Migrator(database.dataSource(), config(fixed.location(), lease)).migrate();
		assertThat(next.migrations()).hasSize(1);
		assertThat(next.lockWait()).isLessThan(Duration.ofSeconds(1));
	}

	static void assertLostLockReport(String output, String version, String name) {
		assertLostLockReport(output, version, name, true);
	}

	/**
	 * The report of a runner that lost the lock: the lock was lost (who took it, their fence,
	 * when), nothing of the interrupted migration was committed, nothing in its file needs
	 * fixing; and never the advice to fix the statement.
	 */
	static void assertLostLockReport(String output, String version, String name, boolean takenOver) {
		assertThat(output).contains("LockLostException: Lost the migration lock during migration " + version + " " + name)
			.contains("our fence: ")
			.contains("lost at: ");
		if (takenOver) {
			assertThat(output).contains("taken over by: ").contains("their fence: ").contains("since: ");
		}
		assertThat(output)
			.contains("Nothing of migration " + version + " " + name + " was committed")
			.containsPattern("Nothing in \\S*" + version + "_" + name + "\\.sql needs fixing")
			.doesNotContain("Fix the statement");
	}

	private void awaitSessionRunning(Process process, String query) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND state = 'active' AND query LIKE ?", Integer.class, query + "%") == 0) {
			assertThat(process.isAlive()).as("runner process alive").isTrue();
			assertThat(System.nanoTime()).as("runner reached " + query).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private MigratorConfig config(String location, Duration lease) {
		return MigratorConfig.builder()
			.schema(this.schema)
			.locations(location)
			.lockLease(lease)
			.lockWaitTimeout(Duration.ofMinutes(2))
			.build();
	}

	private Process runner(String location, Duration lease, Path out, List<String> jvmOptions) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), MigrateMain.class.getName(),
				database.jdbcUrl(), database.user(), this.schema, location, String.valueOf(lease.toMillis()), "-"));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
	}

	private static void signal(String signal, Process process) throws Exception {
		new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
	}

}
