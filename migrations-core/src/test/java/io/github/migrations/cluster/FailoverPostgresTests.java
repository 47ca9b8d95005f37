package io.github.migrations.cluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.migrations.InvalidIndexException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.ReplicatedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A failover in the middle of a run, as a failover manager does it: the primary stops (a crash)
 * and the standby is promoted. The run fails cleanly; the next one, through the same multi-host
 * URL ({@code targetServerType=primary}), completes on the new primary; every migration is
 * applied once, and the lock needs no human. Each test ends with a fresh pair.
 */
class FailoverPostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	@RegisterExtension
	static final ReplicatedPostgres cluster = new ReplicatedPostgres();

	@TempDir
	Path directory;

	private static boolean used;

	@BeforeEach
	void freshPair() throws Exception {
		if (used) {
			cluster.rebuild();
		}
		used = true;
	}

	@Test
	void aTransactionalMigrationInterruptedByAFailoverFailsCleanlyAndTheNextRunCompletesOnTheNewPrimary()
			throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_customers.sql", "CREATE TABLE failover.customers (id int);",
				"DROP TABLE failover.customers;");
		files.migration("2_orders.sql", "CREATE TABLE failover.orders (id int);\nSELECT pg_sleep(30);",
				"DROP TABLE failover.orders;");
		files.migration("3_items.sql", "CREATE TABLE failover.items (id int);", "DROP TABLE failover.items;");
		JdbcTemplate oldPrimary = new JdbcTemplate(cluster.primary());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		long failedOver;
		long promoted;
		long failed;
		long fence;
		try {
			Future<RunResult> run = executor.submit(() -> new Migrator(cluster.cluster(), config(files)).migrate());
			awaitActive(oldPrimary, "SELECT pg_sleep(30)%");
			fence = oldPrimary.queryForObject("SELECT fence FROM failover.migration_lock", Long.class);
			cluster.awaitCaughtUp(Duration.ofSeconds(10));
			failedOver = System.nanoTime();
			cluster.stopPrimary("immediate");
			cluster.promoteStandby();
			promoted = System.nanoTime();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(MigrationExecutionException.class)
				.withMessageContaining("Migration 2 failed")
				.withMessageContaining("The connection to the database was lost while the migration ran")
				.withMessageContaining("nothing of it was applied");
			failed = System.nanoTime();
		}
		finally {
			executor.shutdownNow();
		}
		files.migration("2_orders.sql", "CREATE TABLE failover.orders (id int);", "DROP TABLE failover.orders;");
		long restarted = System.nanoTime();
		RunResult next = new Migrator(cluster.cluster(), config(files)).migrate();
		long completed = System.nanoTime();
		System.out.printf("Failover during a transactional migration: the next run completed %d ms after the primary "
				+ "stopped (stop and promotion %d ms; the interrupted run had failed by %d ms; the next run took %d ms, "
				+ "lock wait %d ms; lease %d ms)%n", millis(failedOver, completed), millis(failedOver, promoted),
				millis(failedOver, failed), millis(restarted, completed), next.lockWait().toMillis(), LEASE.toMillis());
		assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly("2", "3");
		JdbcTemplate newPrimary = new JdbcTemplate(cluster.standby());
		assertThat(newPrimary.queryForList("SELECT version FROM failover.schema_migrations ORDER BY version",
				String.class)).containsExactly("1", "2", "3");
		assertThat(newPrimary.queryForObject("SELECT fence FROM failover.migration_lock", Long.class))
			.isGreaterThan(fence);
		assertThat(newPrimary.queryForObject("SELECT is_locked FROM failover.migration_lock", Boolean.class)).isFalse();
	}

	@Test
	void aConcurrentIndexBuildInterruptedByAFailoverLeavesAnInvalidIndexThatIsReportedAndRebuilt() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_events.sql",
				"CREATE TABLE failover.events (id int, kind text);\n"
						+ "INSERT INTO failover.events SELECT g, 'k' || (g % 10) FROM generate_series(1, 1000) g;",
				"DROP TABLE failover.events;");
		files.write("2_events_kind.sql", """
				-- +migrate Up notransaction
				CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind ON failover.events (kind);
				-- +migrate Down notransaction
				DROP INDEX CONCURRENTLY IF EXISTS failover.events_kind;
				""");
		new Migrator(cluster.cluster(), config(files).toBuilder().target(
				io.github.migrations.MigrationVersion.parse("1")).build()).migrate();
		JdbcTemplate oldPrimary = new JdbcTemplate(cluster.primary());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		// a writer's open transaction on the table: CREATE INDEX CONCURRENTLY has committed its
		// INVALID index and waits for it
		try (Connection writer = cluster.primary().getConnection(); Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			statement.execute("INSERT INTO failover.events VALUES (0, 'open')");
			Future<RunResult> run = executor.submit(() -> new Migrator(cluster.cluster(), config(files)).migrate());
			awaitActive(oldPrimary, "CREATE INDEX CONCURRENTLY%");
			awaitInvalidIndex(oldPrimary);
			cluster.awaitCaughtUp(Duration.ofSeconds(10));
			cluster.stopPrimary("immediate");
			cluster.promoteStandby();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(MigrationExecutionException.class)
				.withMessageContaining("Migration 2 failed part-way")
				.withMessageContaining("SQLState: 08006")
				.withMessageContaining("drop any INVALID index left by CREATE INDEX CONCURRENTLY");
		}
		catch (java.sql.SQLException closedByTheCrash) {
			// the writer's connection died with the old primary
		}
		finally {
			executor.shutdownNow();
		}
		JdbcTemplate newPrimary = new JdbcTemplate(cluster.standby());
		assertThat(newPrimary.queryForObject("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = "
				+ "'failover.events_kind'::regclass", Boolean.class)).as("the INVALID index replicated").isTrue();
		assertThatExceptionOfType(InvalidIndexException.class)
			.isThrownBy(() -> new Migrator(cluster.cluster(), config(files)).migrate())
			.withMessageContaining("events_kind");
		RunResult rebuilt = new Migrator(cluster.cluster(), config(files).toBuilder().cleanupInvalidIndexes(true).build())
			.migrate();
		assertThat(rebuilt.migrations()).extracting((m) -> m.version().toString()).containsExactly("2");
		assertThat(newPrimary.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = "
				+ "'failover.events_kind'::regclass", Boolean.class)).isTrue();
		assertThat(newPrimary.queryForList("SELECT version FROM failover.schema_migrations ORDER BY version",
				String.class)).containsExactly("1", "2");
	}

	private static long millis(long from, long to) {
		return Duration.ofNanos(to - from).toMillis();
	}

	private static void awaitActive(JdbcTemplate primary, String query) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (primary.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?",
				Integer.class, query) == 0) {
			assertThat(System.nanoTime()).as("the migration reached " + query).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static void awaitInvalidIndex(JdbcTemplate primary) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (primary.queryForObject("SELECT count(*) FROM pg_index WHERE NOT indisvalid AND indexrelid = "
				+ "to_regclass('failover.events_kind')", Integer.class) == 0) {
			assertThat(System.nanoTime()).as("the INVALID index was committed").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static MigratorConfig config(MigrationFiles files) {
		return MigratorConfig.builder()
			.schema("failover")
			.locations(files.location())
			.lockLease(LEASE)
			.lockWaitTimeout(Duration.ofSeconds(30))
			.connectRetries(10)
			.build();
	}

}
