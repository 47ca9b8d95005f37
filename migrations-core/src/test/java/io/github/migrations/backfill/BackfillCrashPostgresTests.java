package io.github.migrations.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.RunResult;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill's runner killed with {@code kill -9} in the middle of a batch transaction, in a JVM
 * of its own: what it committed is exactly what its progress row says, and the next run resumes
 * after the stored key, so that every row is processed exactly once.
 */
class BackfillCrashPostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	private static final int ROWS = 2000;

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "crash");

	@TempDir
	Path directory;

	@Test
	void aRunnerKilledMidBatchIsResumedAfterItsLastCommittedBatchWithoutRedoingOrSkippingRows() throws Exception {
		String schema = this.testSchema.name();
		JdbcTemplate jdbc = this.testSchema.jdbc();
		jdbc.execute("CREATE TABLE " + schema + ".items (id bigint PRIMARY KEY, counter int NOT NULL DEFAULT 0)");
		jdbc.update("INSERT INTO " + schema + ".items (id) SELECT g FROM generate_series(1, ?) g", ROWS);
		Path out = this.directory.resolve("runner.log");
		Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), BackfillCrashMain.class.getName(), database.jdbcUrl(),
				database.user(), schema, String.valueOf(LEASE.toMillis()))
			.redirectErrorStream(true)
			.redirectOutput(out.toFile())
			.start();
		// The runner's session inside a batch: its UPDATE done, sleeping before the commit.
		String inBatch = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
				+ "AND query = 'SELECT pg_sleep(0.05)' AND backend_xid IS NOT NULL";
		int backend;
		try {
			await(() -> rowsDone(jdbc, schema) >= 600 && !jdbc.queryForList(inBatch, Integer.class).isEmpty(),
					Duration.ofSeconds(60), "runner is inside a batch after 600 rows", runner, out);
			List<Integer> pids = jdbc.queryForList(inBatch, Integer.class);
			backend = pids.get(0);
			runner.destroyForcibly();
			assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			runner.destroyForcibly();
		}
		assertThat(runner.exitValue()).as("killed by SIGKILL").isEqualTo(137);
		// the server rolls the open batch back once it notices its client is gone
		await(() -> jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE pid = ?", Integer.class, backend)
			.isEmpty(), Duration.ofSeconds(30), "the killed runner's session ended", null, out);

		Map<String, Object> atKill = progress(jdbc, schema);
		long rowsAtKill = ((Number) atKill.get("rows_done")).longValue();
		long batchesAtKill = ((Number) atKill.get("batches")).longValue();
		String keyAtKill = (String) atKill.get("last_key");
		assertThat(atKill.get("state")).isEqualTo("RUNNING");
		assertThat(rowsAtKill).isEqualTo(batchesAtKill * BackfillCrashMain.BATCH_SIZE).isLessThan(ROWS);
		assertThat(keyAtKill).isEqualTo("[" + rowsAtKill + "]");
		assertThat(counts(jdbc, schema)).as("committed rows are exactly those the progress row counts; the batch "
				+ "killed mid-way left nothing").containsEntry(1, rowsAtKill).containsEntry(0, ROWS - rowsAtKill);
		assertThat(jdbc.queryForList("SELECT version FROM " + schema + ".schema_migrations WHERE type <> 'BASELINE'", String.class)).isEmpty();

		List<BackfillProgress> resumed = Collections.synchronizedList(new ArrayList<>());
		MigrationListener listener = new MigrationListener() {
			@Override
			public void backfillProgress(MigrationDescriptor migration, BackfillProgress progress) {
				resumed.add(progress);
			}
		};
		long resumeStarted = System.nanoTime();
		RunResult next = new Migrator(database.dataSource(),
				BackfillCrashMain.config(schema, LEASE).listener(listener).build()).migrate();
		long resumeMillis = (System.nanoTime() - resumeStarted) / 1_000_000;
		assertThat(next.migrations()).hasSize(1);
		assertThat(counts(jdbc, schema)).as("every row processed exactly once").containsOnlyKeys(1).containsEntry(1,
				(long) ROWS);
		assertThat(resumed.get(0).batch()).isEqualTo(batchesAtKill + 1);
		assertThat(resumed.get(0).rowsDone()).isEqualTo(rowsAtKill + BackfillCrashMain.BATCH_SIZE);
		Map<String, Object> done = progress(jdbc, schema);
		assertThat(done).containsEntry("state", "DONE").containsEntry("resumed_from", keyAtKill);
		assertThat(((Number) done.get("runs")).intValue()).isEqualTo(2);
		assertThat(((Number) done.get("rows_done")).longValue()).isEqualTo(ROWS);
		assertThat(((Number) done.get("batches")).longValue()).isEqualTo(ROWS / BackfillCrashMain.BATCH_SIZE);
		System.out.printf("Backfill crash: killed at %d rows (%d batches, last key %s) inside batch %d; the next run "
				+ "waited %d ms for the lock, resumed from %s, did %d batches in %d ms; rows with counter 1: %d of %d%n",
				rowsAtKill, batchesAtKill, keyAtKill, batchesAtKill + 1, next.lockWait().toMillis(),
				done.get("resumed_from"), resumed.size(), resumeMillis, counts(jdbc, schema).get(1), ROWS);
	}

	private static long rowsDone(JdbcTemplate jdbc, String schema) {
		try {
			List<Long> rows = jdbc.queryForList("SELECT rows_done FROM " + schema + ".schema_migrations_backfill",
					Long.class);
			return rows.isEmpty() ? 0 : rows.get(0);
		}
		catch (org.springframework.jdbc.BadSqlGrammarException ex) {
			return 0; // not created yet
		}
	}

	private static Map<String, Object> progress(JdbcTemplate jdbc, String schema) {
		return jdbc.queryForMap("SELECT state, last_key, rows_done, batches, runs, resumed_from FROM " + schema
				+ ".schema_migrations_backfill WHERE version = '1' AND name = 'count'");
	}

	private static Map<Integer, Long> counts(JdbcTemplate jdbc, String schema) {
		Map<Integer, Long> counts = new java.util.TreeMap<>();
		jdbc.query("SELECT counter, COUNT(*) FROM " + schema + ".items GROUP BY counter",
				(rs) -> {
					counts.put(rs.getInt(1), rs.getLong(2));
				});
		return counts;
	}

	private static void await(BooleanSupplier condition, Duration timeout, String what, Process process, Path out)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (process != null && !process.isAlive()) {
				throw new AssertionError("runner exited before: " + what + "\n" + Files.readString(out));
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out waiting for: " + what + "\n" + Files.readString(out));
			}
			Thread.sleep(5);
		}
	}

}
