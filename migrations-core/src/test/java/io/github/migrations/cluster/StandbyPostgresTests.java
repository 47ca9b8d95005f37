package io.github.migrations.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.migrations.CommitTimeoutException;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationPreflightException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.ReplicationPause;
import io.github.migrations.RepairMode;
import io.github.migrations.RunResult;
import io.github.migrations.StandbyDatabaseException;
import io.github.migrations.backfill.Backfill;
import io.github.migrations.backfill.BackfillResult;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightStatus;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.ReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A primary with a streaming standby (one pair for the class): a standby is refused for writes
 * and read for status, the replication pre-flight check, backfills that pause for a standby
 * behind, and a commit that waits for a synchronous standby that went down. Each test works in a
 * schema of its own and leaves the pair as it found it (replay running, the standby up,
 * asynchronous).
 */
class StandbyPostgresTests {

	@RegisterExtension
	static final ReplicatedPostgres cluster = new ReplicatedPostgres();

	@TempDir
	Path directory;

	@Test
	void writesOnAStandbyFailAtOnceNamingTheServerAndTheWayToThePrimaryWhileStatusStillWorks() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_orders.sql", "CREATE TABLE standby_refusal.orders (id int);",
				"DROP TABLE standby_refusal.orders;");
		RunResult applied = new Migrator(cluster.cluster(), config("standby_refusal", files)).migrate();
		assertThat(applied.migrations()).hasSize(1);
		cluster.awaitCaughtUp(Duration.ofSeconds(10));
		Migrator onStandby = new Migrator(cluster.standby(), config("standby_refusal", files));
		String server = "127.0.0.1:" + cluster.standbyPort();
		assertThatExceptionOfType(StandbyDatabaseException.class).isThrownBy(onStandby::migrate)
			.withMessageStartingWith("Cannot migrate on " + server + ": it is a standby in recovery")
			.withMessageContaining("targetServerType=primary")
			.withMessageNotContaining("read-only transaction")
			.satisfies((ex) -> assertThat(ex.getServer()).isEqualTo(server));
		assertThatExceptionOfType(StandbyDatabaseException.class)
			.isThrownBy(() -> onStandby.rollback(RollbackRequest.steps(1, "test")))
			.withMessageStartingWith("Cannot rollback on " + server);
		assertThatExceptionOfType(StandbyDatabaseException.class)
			.isThrownBy(() -> onStandby.repair("test", RepairMode.RERUN, false))
			.withMessageStartingWith("Cannot repair on " + server);
		assertThat(onStandby.status().currentVersion()).hasToString("1");
		onStandby.validate(false);
	}

	@Test
	void aServerThatStopsWritingUnderAMigrationFailsItSayingToPointAtThePrimary() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory);
		// what a demoted server answers: SQLState 25006
		files.migration("1_demoted.sql",
				"SET LOCAL transaction_read_only = on;\nCREATE TABLE read_only_midrun.t (id int);",
				"DROP TABLE read_only_midrun.t;");
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(cluster.cluster(), config("read_only_midrun", files)).migrate())
			.withMessageContaining("cannot execute CREATE TABLE in a read-only transaction")
			.withMessageContaining("SQLState: 25006")
			.withMessageContaining("Nothing of it was applied: the server refused to write (a standby, or read-only)")
			.withMessageContaining("targetServerType=primary");
		JdbcTemplate primary = new JdbcTemplate(cluster.primary());
		assertThat(primary.queryForObject("SELECT to_regclass('read_only_midrun.t') IS NULL", Boolean.class)).isTrue();
		assertThat(primary.queryForObject("SELECT count(*) FROM read_only_midrun.schema_migrations", Integer.class))
			.isZero();
	}

	@Test
	void theReplicationCheckPassesWarnsAndBlocksOnTheBytesAStandbyHasNotReplayedAndReportsAnUnusedSlot()
			throws Exception {
		JdbcTemplate primary = new JdbcTemplate(cluster.primary());
		MigrationFiles files = new MigrationFiles(this.directory);
		List<PreflightResult> found = Collections.synchronizedList(new ArrayList<>());
		MigratorConfig.Builder config = config("preflight_lag", files).toBuilder().listener(recorder(found));
		files.migration("1_t.sql", "CREATE TABLE preflight_lag.t1 (id int);", "DROP TABLE preflight_lag.t1;");
		new Migrator(cluster.cluster(), config.build()).migrate();
		assertThat(replication(found)).singleElement()
			.satisfies((r) -> assertThat(r.status()).isEqualTo(PreflightStatus.PASSED))
			.satisfies((r) -> assertThat(r.message()).startsWith("1 standby connected; the furthest behind, standby,"));
		found.clear();
		cluster.pauseReplay();
		try {
			primary.execute("CREATE TABLE public.filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g");
			awaitBytesBehind(primary, 2 * 1024 * 1024);
			files.migration("2_t.sql", "CREATE TABLE preflight_lag.t2 (id int);", "DROP TABLE preflight_lag.t2;");
			new Migrator(cluster.cluster(), config.preflight((p) -> p.replicationBytesWarning(DataSize.ofMegabytes(1)))
				.build()).migrate();
			assertThat(replication(found)).singleElement()
				.satisfies((r) -> assertThat(r.status()).isEqualTo(PreflightStatus.WARNING))
				.satisfies((r) -> assertThat(r.message()).startsWith("Standby standby (streaming, async) is ")
					.contains("behind (replay lag")
					.contains("Expect the standby to fall further behind"));
			files.migration("3_t.sql", "CREATE TABLE preflight_lag.t3 (id int);", "DROP TABLE preflight_lag.t3;");
			assertThatExceptionOfType(MigrationPreflightException.class)
				.isThrownBy(() -> new Migrator(cluster.cluster(),
						config.preflight((p) -> p.replicationBytesBlocking(DataSize.ofMegabytes(1))).build()).migrate())
				.withMessageContaining("Standby standby (streaming, async) is ")
				.withMessageContaining("Wait until it catches up");
		}
		finally {
			cluster.resumeReplay();
			primary.execute("DROP TABLE IF EXISTS public.filler");
		}
		cluster.awaitCaughtUp(Duration.ofSeconds(30));
		found.clear();
		primary.queryForObject("SELECT 1 FROM pg_create_physical_replication_slot('gone_standby', true)", Integer.class);
		try {
			new Migrator(cluster.cluster(), config.preflight((p) -> p.replicationBytesWarning(DataSize.ofMegabytes(256))
				.replicationBytesBlocking(DataSize.ofGigabytes(4))).build()).migrate();
			assertThat(replication(found)).singleElement()
				.satisfies((r) -> assertThat(r.status()).isEqualTo(PreflightStatus.WARNING))
				.satisfies((r) -> assertThat(r.message())
					.startsWith("Replication slot gone_standby (physical) is not used by any client and keeps ")
					.contains("SELECT pg_drop_replication_slot('gone_standby');"));
		}
		finally {
			primary.execute("SELECT pg_drop_replication_slot('gone_standby')");
		}
	}

	/**
	 * The figure of docs/reliability.md: with replay paused on the standby for a while, how much
	 * WAL the standby had to replay at most, with and without the throttle.
	 */
	@Test
	void aBackfillPausesWhileTheStandbyIsTooFarBehindAndResumesByItself() throws Exception {
		Lagged unthrottled = backfillWhileReplayIsPaused("backfill_free", null);
		Lagged throttled = backfillWhileReplayIsPaused("backfill_throttled", Duration.ofMillis(300));
		System.out.printf("Backfill of 40,000 rows, replay paused for 4 s: without the throttle the standby fell "
				+ "%d kB behind (%d of %d batches committed while paused, %d ms); with max-replication-lag=300ms "
				+ "%d kB (%d batches while paused; %d pauses, the first at a lag of %d ms, %d ms paused, %d ms)%n",
				unthrottled.maxBytes / 1024,
				unthrottled.batchesWhilePaused, unthrottled.result.batches(), unthrottled.result.duration().toMillis(),
				throttled.maxBytes / 1024, throttled.batchesWhilePaused, throttled.result.replicationPauses(),
				throttled.pauses.isEmpty() ? -1 : throttled.pauses.get(0).lag().toMillis(),
				throttled.result.replicationPaused().toMillis(), throttled.result.duration().toMillis());
		assertThat(unthrottled.result.replicationPauses()).isZero();
		assertThat(throttled.result.rows()).isEqualTo(40_000);
		assertThat(throttled.result.replicationPauses()).isGreaterThanOrEqualTo(1);
		assertThat(throttled.result.replicationPaused()).isGreaterThan(Duration.ofSeconds(1));
		assertThat(throttled.pauses).isNotEmpty()
			.allSatisfy((p) -> assertThat(p.backfill()).isEqualTo("fill"))
			.allSatisfy((p) -> assertThat(p.standby()).isEqualTo("standby"))
			.allSatisfy((p) -> assertThat(p.lag()).isGreaterThan(Duration.ofMillis(300)));
		assertThat(throttled.batchesWhilePaused).isLessThan(unthrottled.batchesWhilePaused / 2);
		assertThat(throttled.maxBytes).isLessThan(unthrottled.maxBytes / 2);
	}

	@Test
	void aJavaMigrationWaitsForItsStandbysBetweenItsTransactions() throws Exception {
		JdbcTemplate primary = new JdbcTemplate(cluster.primary());
		primary.execute("CREATE SCHEMA java_throttle");
		primary.execute("CREATE TABLE java_throttle.events (id int)");
		cluster.awaitCaughtUp(Duration.ofSeconds(10));
		AtomicLong waited = new AtomicLong();
		TestJavaMigration migration = new TestJavaMigration("1", (context) -> {
			for (int i = 0; i < 20; i++) {
				int id = i;
				context.runtime().inTransaction((tx) -> {
					tx.createStatement().execute("INSERT INTO java_throttle.events VALUES (" + id + ")");
					return null;
				});
				waited.addAndGet(context.runtime().awaitReplicationLag().toMillis());
				Thread.sleep(25);
			}
		});
		cluster.pauseReplay();
		CompletableFuture<Void> resume = resumeReplayAfter(Duration.ofMillis(1500));
		try {
			new Migrator(cluster.cluster(), MigratorConfig.builder()
				.schema("java_throttle_history")
				.locations("filesystem:" + this.directory)
				.javaMigration(migration)
				.backfillMaxReplicationLag(Duration.ofMillis(200))
				.build()).migrate();
		}
		finally {
			resume.get(30, TimeUnit.SECONDS);
		}
		assertThat(waited.get()).isGreaterThan(500);
		assertThat(primary.queryForObject("SELECT count(*) FROM java_throttle.events", Integer.class)).isEqualTo(20);
	}

	@Test
	void aCommitWaitingForASynchronousStandbyThatWentDownTimesOutAndSaysItIsCommittedOnlyOnThePrimary()
			throws Exception {
		JdbcTemplate primary = new JdbcTemplate(cluster.primary());
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_slow.sql", "CREATE TABLE sync_commit.slow (id int);\nSELECT pg_sleep(1.5);",
				"DROP TABLE sync_commit.slow;");
		primary.execute("ALTER SYSTEM SET synchronous_standby_names = 'standby'");
		primary.execute("SELECT pg_reload_conf()");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			awaitSyncState(primary, "sync");
			MigratorConfig config = config("sync_commit", files).toBuilder()
				.commitTimeout(Duration.ofSeconds(2))
				.build();
			Future<RunResult> run = executor.submit(() -> new Migrator(cluster.cluster(), config).migrate());
			awaitActive(primary, "SELECT pg_sleep(1.5)%");
			cluster.stopStandby();
			long stopped = System.nanoTime();
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
				.isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(CommitTimeoutException.class)
				.withMessageStartingWith("The commit of migration 1 slow waited more than 2000 ms and was "
						+ "cancelled; it is committed on the primary but was not confirmed by the synchronous standbys")
				.withMessageContaining("Bring the synchronous standbys back");
			System.out.printf("Synchronous standby stopped during a migration: the run failed %d ms later "
					+ "(commit-timeout 2 s)%n", Duration.ofNanos(System.nanoTime() - stopped).toMillis());
			assertThat(primary.queryForObject("SELECT count(*) FROM sync_commit.schema_migrations WHERE version = '1'",
					Integer.class)).isOne();
			assertThat(primary.queryForObject("SELECT is_locked FROM sync_commit.migration_lock", Boolean.class))
				.as("the lock's own writes do not wait for the standby").isFalse();
			files.migration("2_next.sql", "CREATE TABLE sync_commit.next (id int);", "DROP TABLE sync_commit.next;");
			long started = System.nanoTime();
			assertThatExceptionOfType(MigrationPreflightException.class)
				.isThrownBy(() -> new Migrator(cluster.cluster(), config).migrate())
				.withMessageContaining("synchronous_standby_names is 'standby' but no synchronous standby is connected")
				.withMessageContaining("ALTER SYSTEM SET synchronous_standby_names = ''");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			executor.shutdownNow();
			primary.execute("ALTER SYSTEM RESET synchronous_standby_names");
			primary.execute("SELECT pg_reload_conf()");
			cluster.startStandby();
		}
	}

	private Lagged backfillWhileReplayIsPaused(String schema, Duration maxLag) throws Exception {
		JdbcTemplate primary = new JdbcTemplate(cluster.primary());
		primary.execute("CREATE SCHEMA " + schema);
		primary.execute("CREATE TABLE " + schema + ".items (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)");
		primary.execute("INSERT INTO " + schema + ".items (id) SELECT g FROM generate_series(1, 40000) g");
		cluster.awaitCaughtUp(Duration.ofSeconds(30));
		List<ReplicationPause> pauses = Collections.synchronizedList(new ArrayList<>());
		AtomicLong batchesWhilePaused = new AtomicLong();
		AtomicBoolean replayPaused = new AtomicBoolean(true);
		MigrationListener listener = new MigrationListener() {
			@Override
			public void replicationPaused(MigrationDescriptor migration, ReplicationPause pause) {
				pauses.add(pause);
			}

			@Override
			public void backfillProgress(MigrationDescriptor migration,
					io.github.migrations.backfill.BackfillProgress progress) {
				if (replayPaused.get()) {
					batchesWhilePaused.incrementAndGet();
				}
			}
		};
		BackfillResult[] result = new BackfillResult[1];
		TestJavaMigration migration = new TestJavaMigration("1", (context) -> result[0] = Backfill.named("fill")
			.table(schema + ".items")
			.key("id")
			.update("n = n + 1")
			.batchSize(500)
			.pause(Duration.ofMillis(20))
			.run(context));
		AtomicLong maxBytes = new AtomicLong();
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				Long behind = primary.queryForObject("SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), "
						+ "replay_lsn)), 0)::bigint FROM pg_stat_replication", Long.class);
				maxBytes.accumulateAndGet(behind, Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		cluster.pauseReplay();
		sampler.start();
		CompletableFuture<Void> resume = resumeReplayAfter(Duration.ofSeconds(4))
			.thenRun(() -> replayPaused.set(false));
		try {
			new Migrator(cluster.cluster(), MigratorConfig.builder()
				.schema(schema + "_history")
				.locations("filesystem:" + this.directory)
				.javaMigration(migration)
				.listener(listener)
				.backfillMaxReplicationLag(maxLag)
				.build()).migrate();
		}
		finally {
			resume.get(30, TimeUnit.SECONDS);
			cluster.awaitCaughtUp(Duration.ofSeconds(30));
			sampling.set(false);
			sampler.join();
		}
		assertThat(primary.queryForObject("SELECT count(*) FROM " + schema + ".items WHERE n = 1", Integer.class))
			.isEqualTo(40_000);
		return new Lagged(result[0], maxBytes.get(), batchesWhilePaused.get(), pauses);
	}

	private static CompletableFuture<Void> resumeReplayAfter(Duration delay) {
		return CompletableFuture.runAsync(() -> {
			try {
				Thread.sleep(delay.toMillis());
				cluster.resumeReplay();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static void awaitBytesBehind(JdbcTemplate primary, long bytes) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (primary.queryForObject("SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0) "
				+ "FROM pg_stat_replication", Long.class) < bytes) {
			assertThat(System.nanoTime()).as("the standby fell behind").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static void awaitSyncState(JdbcTemplate primary, String state) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!state.equals(primary.queryForObject("SELECT coalesce(max(sync_state), '') FROM pg_stat_replication",
				String.class))) {
			assertThat(System.nanoTime()).as("the standby became " + state).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static void awaitActive(JdbcTemplate primary, String query) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (primary.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?",
				Integer.class, query) == 0) {
			assertThat(System.nanoTime()).as("the migration reached " + query).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static List<PreflightResult> replication(List<PreflightResult> results) {
		return results.stream().filter((r) -> r.check().equals("replication")).toList();
	}

	private static MigrationListener recorder(List<PreflightResult> found) {
		return new MigrationListener() {
			@Override
			public void preflightChecked(List<PreflightResult> results) {
				found.addAll(results);
			}
		};
	}

	private static MigratorConfig config(String schema, MigrationFiles files) {
		return MigratorConfig.builder()
			.schema(schema)
			.locations(files.location())
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(20))
			.build();
	}

	private record Lagged(BackfillResult result, long maxBytes, long batchesWhilePaused,
			List<ReplicationPause> pauses) {
	}

}
