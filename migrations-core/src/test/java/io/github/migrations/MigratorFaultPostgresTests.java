package io.github.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Faults around a run on real PostgreSQL that {@link MigratorRacePostgresTests} does not cover: the INVALID
 * index of a killed {@code CREATE INDEX CONCURRENTLY}, the migration's connection terminated, the
 * lock row or table removed by hand while a runner waits, and many runners under application
 * traffic.
 */
class MigratorFaultPostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(3);


	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "fault");

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
	@Tag("slow")
	void invalidIndexLeftByAKilledCreateIndexConcurrentlyIsReportedAndDroppedWhenConfigured() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		// An expression index over a function that sleeps per row: the build takes ~20 s, long
		// enough to kill it in the middle, whatever the machine.
		files.migration(version(1) + "_items.sql", "CREATE TABLE " + this.schema + ".items (id int PRIMARY KEY);\n"
				+ "INSERT INTO " + this.schema + ".items SELECT g FROM generate_series(1, 2000) g;\n"
				+ "CREATE FUNCTION " + this.schema + ".slow_key(i int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$\n"
				+ "BEGIN\n  PERFORM pg_sleep(0.01);\n  RETURN i;\nEND\n$$;",
				"DROP TABLE " + this.schema + ".items;\nDROP FUNCTION " + this.schema + ".slow_key(int);");
		files.write(version(2) + "_items_key.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "
				+ "items_key ON " + this.schema + ".items (" + this.schema + ".slow_key(id));\n\n"
				+ "-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY IF EXISTS " + this.schema + ".items_key;\n");
		new Migrator(database.dataSource(), config(files.location()).toBuilder()
			.target(MigrationVersion.parse(version(1)))
			.build()).migrate();
		Process runner = runner(files.location(), this.directory.resolve("out"));
		long killedAt;
		try {
			await(() -> building() > 0, Duration.ofSeconds(60), "runner started CREATE INDEX CONCURRENTLY", runner);
			runner.destroyForcibly();
			killedAt = System.nanoTime();
			assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			runner.destroyForcibly();
		}
		// PostgreSQL notices a dead client only when it next talks to it, so the orphaned build
		// would finish; end it the way a lost host (TCP keepalive) or an operator does.
		this.jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
				+ "current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%'");
		await(() -> building() == 0, Duration.ofSeconds(10), "build ended", null);
		assertThat(this.jdbc.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, this.schema + ".items_key")).isFalse();
		assertThat(appliedVersions()).containsExactly(version(1));
		// Fewer rows so that the rebuild is quick.
		this.jdbc.update("DELETE FROM " + this.schema + ".items WHERE id > 20");

		Migrator reporting = new Migrator(database.dataSource(), config(files.location()));
		assertThatExceptionOfType(InvalidIndexException.class).isThrownBy(() -> reporting.validate(true))
			.withMessageContaining(this.schema + ".items_key");
		long started = System.nanoTime();
		assertThatExceptionOfType(InvalidIndexException.class).isThrownBy(reporting::migrate)
			.withMessageContaining("has 1 INVALID index (left by an interrupted CREATE INDEX CONCURRENTLY): "
					+ this.schema + ".items_key")
			.withMessageContaining("tables: " + this.schema + ".items")
			.withMessageContaining("DROP INDEX CONCURRENTLY " + this.schema + ".items_key; then migrate again")
			.withMessageContaining("migrations.cleanup-invalid-indexes=true");
		Duration reported = Duration.ofNanos(System.nanoTime() - started);
		assertThat(appliedVersions()).containsExactly(version(1));

		RunResult cleaned = new Migrator(database.dataSource(),
				config(files.location()).toBuilder().cleanupInvalidIndexes(true).build()).migrate();
		assertThat(cleaned.migrations()).extracting((m) -> m.version().toString()).containsExactly(version(2));
		assertThat(this.jdbc.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, this.schema + ".items_key")).isTrue();
		assertThat(appliedVersions()).containsExactly(version(1), version(2));
		System.out.println("INVALID index: reported " + reported.toMillis() + " ms into the next run (lock wait "
				+ "after the kill included); cleaned up and rebuilt " + Duration.ofNanos(System.nanoTime() - killedAt)
					.toMillis() + " ms after the kill");
	}

	@Test
	void migrationConnectionTerminatedMidStatementRollsBackAndTheNextRunCompletes() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		files.migration(version(1) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "INSERT INTO " + this.schema + ".orders VALUES (1);\nSELECT pg_sleep(30);",
				"DROP TABLE " + this.schema + ".orders;");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		long terminatedAt;
		try {
			Future<RunResult> run = executor.submit(() -> new Migrator(database.dataSource(), config(files.location()))
				.migrate());
			String migrationSession = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND application_name LIKE 'migrations:%' AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'";
			await(() -> !this.jdbc.queryForList(migrationSession, Integer.class).isEmpty(), Duration.ofSeconds(30),
					"migration reached pg_sleep", null);
			terminatedAt = System.nanoTime();
			assertThat(this.jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM (" + migrationSession + ") s",
					Boolean.class)).containsExactly(true);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(MigrationExecutionException.class)
				.withMessageContaining("Migration " + version(1))
				.withMessageContaining("terminating connection due to administrator command")
				.withMessageContaining("the session was terminated); nothing of it was applied");
			System.out.println("Terminated migration connection: run failed "
					+ Duration.ofNanos(System.nanoTime() - terminatedAt).toMillis() + " ms after pg_terminate_backend");
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, this.schema + ".orders"))
			.isTrue();
		assertThat(appliedVersions()).isEmpty();
		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.migration(version(1) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "INSERT INTO " + this.schema + ".orders VALUES (1);", "DROP TABLE " + this.schema + ".orders;");
		RunResult next = new Migrator(database.dataSource(), config(fixed.location())).migrate();
		System.out.println("Terminated migration connection: next run waited " + next.lockWait().toMillis()
				+ " ms for the lock");
		assertThat(next.migrations()).hasSize(1);
		assertThat(next.lockWait()).isLessThan(LEASE);
		assertThat(appliedVersions()).containsExactly(version(1));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".orders", Integer.class))
			.isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "DELETE FROM %s.migration_lock", "DROP TABLE %s.migration_lock" })
	void lockRemovedByHandWhileARunnerWaitsLetsTheWaiterTakeOverAndTheHolderStops(String removal) throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		files.write(version(1) + "_slow.sql", "-- +migrate Up notransaction\nSELECT pg_sleep(2.5);\n");
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<RunResult> holder = executor.submit(() -> new Migrator(database.dataSource(),
					config(files.location())).migrate());
			await(() -> sessions("SELECT pg_sleep(2.5)") > 0, Duration.ofSeconds(30), "holder reached pg_sleep", null);
			Future<RunResult> waiter = executor.submit(() -> new Migrator(database.dataSource(),
					config(files.location())).migrate());
			Thread.sleep(300);
			assertThat(waiter.isDone()).as("waiter waits while the lock is held").isFalse();
			long removedAt = System.nanoTime();
			this.jdbc.execute(removal.formatted(this.schema));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> holder.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(LockLostException.class);
			long holderStopped = System.nanoTime();
			RunResult taken = waiter.get(30, TimeUnit.SECONDS);
			System.out.println("Lock removed by hand (" + removal.split(" ")[0] + "): holder stopped after "
					+ Duration.ofNanos(holderStopped - removedAt).toMillis() + " ms, waiter done after "
					+ Duration.ofNanos(System.nanoTime() - removedAt).toMillis() + " ms (lock wait "
					+ taken.lockWait().toMillis() + " ms)");
			assertThat(taken.migrations()).hasSize(1);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations", String.class))
			.containsExactly(version(1));
		assertThat(this.jdbc.queryForObject("SELECT is_locked FROM " + this.schema + ".migration_lock", Boolean.class))
			.isFalse();
	}

	@Test
	@Tag("slow")
	void tenRunnersStartingAtOnceUnderApplicationTrafficApplyEveryVersionOnce() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		String table = this.schema + ".accounts";
		files.migration(version(1) + "_accounts.sql",
				"CREATE TABLE " + table + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner int NOT NULL);\n"
						+ "INSERT INTO " + table + " (owner) SELECT g FROM generate_series(1, 5000) g;",
				"DROP TABLE " + table + ";");
		files.migration(version(2) + "_balance.sql", "ALTER TABLE " + table + " ADD COLUMN balance int;",
				"ALTER TABLE " + table + " DROP COLUMN balance;");
		files.migration(version(3) + "_backfill.sql", "UPDATE " + table + " SET balance = 0 WHERE balance IS NULL;",
				"SELECT 1;");
		files.migration(version(4) + "_owner_index.sql", "CREATE INDEX accounts_owner ON " + table + " (owner);",
				"DROP INDEX " + this.schema + ".accounts_owner;");
		files.migration(version(5) + "_check.sql", "ALTER TABLE " + table
				+ " ADD CONSTRAINT balance_not_negative CHECK (balance >= 0) NOT VALID;",
				"ALTER TABLE " + table + " DROP CONSTRAINT balance_not_negative;");
		files.migration(version(6) + "_validate.sql", "ALTER TABLE " + table + " VALIDATE CONSTRAINT balance_not_negative;",
				"SELECT 1;");
		files.migration(version(7) + "_audit.sql", "CREATE TABLE " + this.schema + ".audit (id int);",
				"DROP TABLE " + this.schema + ".audit;");
		new Migrator(database.dataSource(), config(files.location()).toBuilder()
			.target(MigrationVersion.parse(version(1)))
			.build()).migrate();
		MigratorConfig config = config(files.location()).toBuilder()
			.lockTimeout(Duration.ofMillis(200))
			.lockRetries(10)
			.build();
		PGSimpleDataSource app = (PGSimpleDataSource) database.dataSource();
		// The application's own short lock_timeout: waiting behind a migration's lock fails fast.
		app.setOptions("-c lock_timeout=1000");
		JdbcTemplate appJdbc = new JdbcTemplate(app);
		TransactionTemplate appTransactions = new TransactionTemplate(new DataSourceTransactionManager(app));
		int runners = 10;
		int appThreads = 3;
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger ok = new AtomicInteger();
		AtomicInteger lockTimeouts = new AtomicInteger();
		List<String> otherErrors = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(runners + appThreads);
		long started;
		try {
			List<Future<?>> traffic = new ArrayList<>();
			for (int t = 0; t < appThreads; t++) {
				int thread = t;
				traffic.add(executor.submit(() -> {
					start.await();
					int i = 0;
					while (!done.get()) {
						try {
							if (thread == 2) {
								// a reader holding its table lock for 300 ms, longer than the migrations'
								// lock_timeout: their DDL times out and is retried
								appTransactions.execute((status) -> appJdbc.queryForObject(
										"SELECT COUNT(*) FROM " + table + ", pg_sleep(0.3)", Integer.class));
							}
							else if (i++ % 2 == 0) {
								appJdbc.update("INSERT INTO " + table + " (owner) VALUES (?)", thread * 1_000_000 + i);
							}
							else {
								appJdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE owner = ?",
										Integer.class, i);
							}
							ok.incrementAndGet();
						}
						catch (DataAccessException ex) {
							if (ex.getMostSpecificCause() instanceof SQLException sql
									&& "55P03".equals(sql.getSQLState())) {
								lockTimeouts.incrementAndGet();
							}
							else {
								otherErrors.add(ex.getMostSpecificCause().getMessage());
							}
						}
					}
					return null;
				}));
			}
			List<Future<RunResult>> results = new ArrayList<>();
			for (int i = 0; i < runners; i++) {
				Migrator migrator = new Migrator(database.dataSource(), config);
				results.add(executor.submit(() -> {
					start.await();
					return migrator.migrate();
				}));
			}
			started = System.nanoTime();
			start.countDown();
			Thread.sleep(200);
			List<Integer> appliedBy = new ArrayList<>();
			for (Future<RunResult> result : results) {
				appliedBy.add(result.get(120, TimeUnit.SECONDS).migrations().size());
			}
			long migrated = System.nanoTime();
			Thread.sleep(200);
			done.set(true);
			for (Future<?> f : traffic) {
				f.get(10, TimeUnit.SECONDS);
			}
			System.out.println("10 runners under traffic: migrated in "
					+ Duration.ofNanos(migrated - started).toMillis() + " ms, applied per runner " + appliedBy
					+ "; application queries OK " + ok.get() + ", failed on lock timeout " + lockTimeouts.get()
					+ ", failed otherwise " + otherErrors.size());
			assertThat(appliedBy.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
		}
		finally {
			done.set(true);
			executor.shutdownNow();
		}
		assertThat(otherErrors).isEmpty();
		assertThat(ok.get()).isPositive();
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema
				+ ".schema_migrations WHERE success ORDER BY version", String.class))
			.containsExactly(version(1), version(2), version(3), version(4), version(5), version(6), version(7));
		assertThat(this.jdbc.queryForObject("SELECT convalidated FROM pg_constraint WHERE conname = "
				+ "'balance_not_negative' AND connamespace = ?::regnamespace", Boolean.class, this.schema)).isTrue();
	}

	private int building() {
		return sessions("CREATE INDEX CONCURRENTLY");
	}

	private int sessions(String queryPrefix) {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
				+ "current_database() AND state = 'active' AND query LIKE ?", Integer.class, queryPrefix + "%");
		return (count != null) ? count : 0;
	}

	private List<String> appliedVersions() {
		return this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY version",
				String.class);
	}

	private static void await(BooleanSupplier condition, Duration timeout, String what,
			@Nullable Process process) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (process != null) {
				assertThat(process.isAlive()).as("runner process alive while waiting for: " + what).isTrue();
			}
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private MigratorConfig config(String location) {
		return MigratorConfig.builder()
			.schema(this.schema)
			.locations(location)
			.lockLease(LEASE)
			.lockWaitTimeout(Duration.ofSeconds(60))
			.build();
	}

	private Process runner(String location, Path out) throws IOException {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), MigrateMain.class.getName(), database.jdbcUrl(), database.user(),
				this.schema, location, String.valueOf(LEASE.toMillis()), "-");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
	}

}
