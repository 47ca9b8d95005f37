package io.github.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Many runners against one database, as threads and as separate JVMs, and a runner killed with
 * {@code kill -9} in the middle of a migration.
 */
class MigratorRacePostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(3);


	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "race");

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
	void racingThreadsAndProcessesApplyEveryMigrationExactlyOnce() throws Exception {
		int count = 50;
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		for (int i = 1; i <= count; i++) {
			// CREATE TABLE without IF NOT EXISTS: running a migration twice fails the runner.
			files.migration(version(i) + "_step_" + i + ".sql",
					"CREATE TABLE " + this.schema + ".step_" + i + " (id int);\nSELECT pg_sleep(0.01);",
					"DROP TABLE " + this.schema + ".step_" + i + ";");
		}
		List<String> versions = IntStream.rangeClosed(1, count).mapToObj(MigrationFiles::version).toList();
		List<Integer> appliedBy = race().race(files.location(), versions, 8, 4);
		System.out.println("Migrations applied per runner (8 threads, then 4 processes): " + appliedBy);
		assertThat(appliedBy.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
		race().assertEveryVersionRecordedOnce(this.jdbc, count);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_tables WHERE schemaname = ?", Integer.class,
				this.schema)).isEqualTo(count + 2);
	}

	@Test
	void runnerKilledInTheMiddleOfAMigrationLeavesNothingBehindAndIsTakenOverAfterItsLease() throws Exception {
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE " + this.schema + ".users;");
		slow.migration(version(2) + "_orders.sql",
				"CREATE TABLE " + this.schema + ".orders (id int);\nSELECT pg_sleep(60);",
				"DROP TABLE " + this.schema + ".orders;");
		Process killed = runner(slow.location(), this.directory.resolve("out-killed"), "-");
		long killedAt;
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (sessionsSleeping() == 0) {
				assertThat(killed.isAlive()).as("runner process alive").isTrue();
				assertThat(System.nanoTime()).as("runner reached the slow migration").isLessThan(deadline);
				Thread.sleep(50);
			}
			killed.destroyForcibly();
			killedAt = System.nanoTime();
			assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			killed.destroyForcibly();
		}
		// The server notices the dead client, rolls its transaction back and ends the session.
		long deadline = System.nanoTime() + LEASE.toNanos();
		while (sessionsSleeping() > 0) {
			assertThat(System.nanoTime()).as("server ended the killed runner's session").isLessThan(deadline);
			Thread.sleep(20);
		}
		assertThat(this.jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, this.schema + ".orders"))
			.isTrue();
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations", String.class))
			.containsExactly(version(1));

		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.write(version(1) + "_users.sql", Files.readString(slow.directory().resolve(version(1) + "_users.sql")));
		fixed.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);",
				"DROP TABLE " + this.schema + ".orders;");
		RunResult next = new Migrator(database.dataSource(), config(fixed.location())).migrate();
		Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.println("kill -9 takeover: next runner done " + takeover.toMillis() + " ms after the kill, having waited "
				+ next.lockWait().toMillis() + " ms for the lock (lease " + LEASE.toMillis() + " ms)");
		assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly(version(2));
		assertThat(takeover).isLessThan(LEASE.plusSeconds(5));
	}

	@Test
	void runnerPausedInTheMiddleOfAMigrationPastItsLeaseCommitsNothingAfterItResumes() throws Exception {
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE " + this.schema + ".users;");
		slow.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "SELECT pg_sleep(2);\nINSERT INTO " + this.schema + ".orders VALUES (1);",
				"DROP TABLE " + this.schema + ".orders;");
		Path out = this.directory.resolve("out-paused");
		Process paused = runner(slow.location(), out, "-");
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (sessionsRunning("SELECT pg_sleep(2)") == 0) {
				assertThat(paused.isAlive()).as("runner process alive").isTrue();
				assertThat(System.nanoTime()).as("runner reached the slow migration").isLessThan(deadline);
				Thread.sleep(20);
			}
			signal("STOP", paused);
			// While it is stopped, its session goes idle in its transaction and the server ends it
			// after the lease; the next runner takes over.
			MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
			fixed.write(version(1) + "_users.sql",
					Files.readString(slow.directory().resolve(version(1) + "_users.sql")));
			fixed.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);",
					"DROP TABLE " + this.schema + ".orders;");
			RunResult next = new Migrator(database.dataSource(), config(fixed.location())).migrate();
			assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly(version(2));
			signal("CONT", paused);
			assertThat(paused.waitFor(30, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(out);
			System.out.println("Paused runner after SIGCONT:\n" + output);
			assertThat(paused.exitValue()).as(output).isEqualTo(1);
			MigratorTakeoverPostgresTests.assertLostLockReport(output, version(2), "orders");
		}
		finally {
			signal("CONT", paused);
			paused.destroyForcibly();
		}
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY version",
				String.class)).containsExactly(version(1), version(2));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".orders", Integer.class)).isZero();
	}

	@Test
	void createIndexConcurrentlyFinishesWhileOtherRunnersPollForTheLockAndTrafficRuns() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		files.migration(version(1) + "_items.sql", "CREATE TABLE " + this.schema
				+ ".items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku int NOT NULL);\n" + "INSERT INTO "
				+ this.schema + ".items (sku) SELECT g FROM generate_series(1, 50000) g;",
				"DROP TABLE " + this.schema + ".items;");
		files.write(version(2) + "_items_sku.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "
				+ "items_sku ON " + this.schema + ".items (sku);\n\n-- +migrate Down notransaction\n"
				+ "DROP INDEX CONCURRENTLY IF EXISTS " + this.schema + ".items_sku;\n");
		files.migration(version(3) + "_after.sql", "CREATE TABLE " + this.schema + ".after_index (id int);",
				"DROP TABLE " + this.schema + ".after_index;");
		new Migrator(database.dataSource(), config(files.location()).toBuilder().target(MigrationVersion.parse(version(1)))
			.build()).migrate();
		int runners = 4;
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger writes = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(runners + 1);
		try {
			Future<?> traffic = executor.submit(() -> {
				start.await();
				JdbcTemplate app = new JdbcTemplate(database.dataSource());
				while (!done.get()) {
					app.update("INSERT INTO " + this.schema + ".items (sku) VALUES (?)", writes.incrementAndGet());
				}
				return null;
			});
			List<Future<RunResult>> results = new ArrayList<>();
			for (int i = 0; i < runners; i++) {
				Migrator migrator = new Migrator(database.dataSource(), config(files.location()));
				results.add(executor.submit(() -> {
					start.await();
					return migrator.migrate();
				}));
			}
			start.countDown();
			int applied = 0;
			for (Future<RunResult> result : results) {
				applied += result.get(60, TimeUnit.SECONDS).migrations().size();
			}
			done.set(true);
			traffic.get(10, TimeUnit.SECONDS);
			assertThat(applied).isEqualTo(2);
			assertThat(writes.get()).isPositive();
		}
		finally {
			done.set(true);
			executor.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, this.schema + ".items_sku")).isTrue();
	}

	private int sessionsRunning(String query) {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND state = 'active' AND query LIKE ?", Integer.class, query + "%");
		return (count != null) ? count : 0;
	}

	private static void signal(String signal, Process process) throws Exception {
		new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
	}

	@Test
	void nonTransactionalStatementIsCancelledWhenTheLockIsTakenOverByHand() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		files.write(version(1) + "_slow.sql", "-- +migrate Up notransaction\nSELECT pg_sleep(30);\n");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<RunResult> run = executor.submit(() -> new Migrator(database.dataSource(), config(files.location()))
				.migrate());
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (sessionsRunning("SELECT pg_sleep(30)") == 0) {
				assertThat(System.nanoTime()).as("runner reached the slow statement").isLessThan(deadline);
				Thread.sleep(20);
			}
			long start = System.nanoTime();
			this.jdbc.update("UPDATE " + this.schema + ".migration_lock SET fence = fence + 1000");
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.withMessageContaining("lock");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(sessionsRunning("SELECT pg_sleep(30)")).isZero();
	}

	private int sessionsSleeping() {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'", Integer.class);
		return (count != null) ? count : 0;
	}

	private RunnerRace race() {
		return new RunnerRace(database.dataSource(), database.jdbcUrl(), database.user(), this.schema, LEASE,
				this.directory);
	}

	private MigratorConfig config(String location) {
		return race().config(location);
	}

	private Process runner(String location, Path out, String target) throws IOException {
		return race().runner(location, out, target, null, null);
	}

}
