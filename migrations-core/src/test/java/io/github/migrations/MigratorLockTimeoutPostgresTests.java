package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A migration's {@code ALTER TABLE} behind a long transaction that read the table: the realistic
 * way a migration takes an application down, since every later query on the table queues behind
 * the waiting {@code ACCESS EXCLUSIVE} request. The lock timeout bounds that queue.
 */
class MigratorLockTimeoutPostgresTests {

	private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@TempDir
	Path directory;

	private String schema;

	private String table;

	private MigrationFiles files;

	@BeforeEach
	void createTable() {
		this.schema = "shop_" + System.nanoTime();
		this.table = this.schema + ".orders";
		new JdbcTemplate(database.dataSource())
			.execute("CREATE SCHEMA " + this.schema + "; CREATE TABLE " + this.table + " (id int PRIMARY KEY); INSERT INTO " + this.table
					+ " SELECT generate_series(1, 100)");
		this.files = new MigrationFiles(this.directory);
		this.files.migration("1_add_note.sql", "ALTER TABLE " + this.table + " ADD COLUMN note text;",
				"ALTER TABLE " + this.table + " DROP COLUMN note;");
	}

	@Test
	void failsAfterTheRetriesNamingTheBlockingSessionWhileApplicationQueriesWaitAtMostTheLockTimeout()
			throws Exception {
		try (Connection blocker = openTransactionReading("nightly-report")) {
			int blockerPid = pid(blocker);
			try (ApplicationTraffic traffic = new ApplicationTraffic(this.table)) {
				long started = System.nanoTime();
				assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(migrator()::migrate)
					.satisfies((ex) -> {
						assertThat(ex.getSqlState()).isEqualTo("55P03");
						assertThat(ex.getAction()).contains("Gave up after 3 attempts on a lock timeout")
							.contains("pid " + blockerPid)
							.contains("application 'nightly-report'")
							.contains("state 'idle in transaction'")
							.contains("query 'SELECT count(*) FROM " + this.table);
					});
				long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
				long maxWait = traffic.stop();
				System.out.printf("lock timeout %d ms, 2 retries: run failed after %d ms; %d application queries, "
						+ "longest %d ms%n", LOCK_TIMEOUT.toMillis(), elapsed, traffic.queries(), maxWait);
				assertThat(traffic.failures()).isZero();
				assertThat(traffic.queries()).isPositive();
				assertThat(maxWait).isLessThan(LOCK_TIMEOUT.toMillis() + 1500);
			}
		}
		assertThat(columnExists()).isFalse();
		assertThat(new JdbcTemplate(database.dataSource())
			.queryForObject("SELECT count(*) FROM " + this.schema + ".schema_migrations WHERE version = '1'", Integer.class)).isZero();
	}

	@Test
	void succeedsWhenTheBlockerEndsDuringTheRetries() throws Exception {
		Connection blocker = openTransactionReading("nightly-report");
		CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
			try (blocker) {
				blocker.commit();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, CompletableFuture.delayedExecutor(LOCK_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS));
		RunResult result = migrator().migrate();
		release.get(10, TimeUnit.SECONDS);
		assertThat(result.migrations()).hasSize(1);
		assertThat(columnExists()).isTrue();
	}

	private Migrator migrator() {
		return new Migrator(database.dataSource(), MigratorConfig.builder()
			.schema(this.schema)
			.locations(this.files.location())
			.lockTimeout(LOCK_TIMEOUT)
			.lockRetries(2)
			.lint(LintMode.OFF)
			// the fixture's table is the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.build());
	}

	/**
	 * A transaction left open after a read, as a report or a leaked connection would: it holds
	 * {@code ACCESS SHARE} on the table until it ends.
	 */
	private Connection openTransactionReading(String applicationName) throws Exception {
		Connection connection = database.connect();
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET application_name = '" + applicationName + "'");
			connection.setAutoCommit(false);
			statement.executeQuery("SELECT count(*) FROM " + this.table).close();
		}
		return connection;
	}

	private static int pid(Connection connection) throws Exception {
		// from the connection's startup data: a query would replace the blocker's last query
		return connection.unwrap(PGConnection.class).getBackendPID();
	}

	private boolean columnExists() {
		return Boolean.TRUE.equals(new JdbcTemplate(database.dataSource()).queryForObject(
				"SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = ? AND table_name = 'orders' "
						+ "AND column_name = 'note')",
				Boolean.class, this.schema));
	}

	/**
	 * The application: short reads on the table in a loop, each timed, with a statement timeout
	 * far above the lock timeout so that a query stuck behind the migration would show.
	 */
	private static final class ApplicationTraffic implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong maxMillis = new AtomicLong();

		private final AtomicInteger queries = new AtomicInteger();

		private final AtomicInteger failures = new AtomicInteger();

		private final CompletableFuture<Void> loop;

		ApplicationTraffic(String table) throws Exception {
			Connection connection = database.connect();
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET statement_timeout = '10s'");
			}
			this.loop = CompletableFuture.runAsync(() -> {
				try (connection; Statement statement = connection.createStatement()) {
					while (this.running.get()) {
						long started = System.nanoTime();
						try {
							statement.executeQuery("SELECT count(*) FROM " + table).close();
						}
						catch (Exception ex) {
							this.failures.incrementAndGet();
						}
						this.maxMillis.accumulateAndGet(Duration.ofNanos(System.nanoTime() - started).toMillis(),
								Math::max);
						this.queries.incrementAndGet();
						Thread.sleep(5);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		long stop() throws Exception {
			this.running.set(false);
			this.loop.get(15, TimeUnit.SECONDS);
			return this.maxMillis.get();
		}

		int queries() {
			return this.queries.get();
		}

		int failures() {
			return this.failures.get();
		}

		@Override
		public void close() throws Exception {
			stop();
		}

	}

}
