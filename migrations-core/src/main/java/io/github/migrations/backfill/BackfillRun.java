package io.github.migrations.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.execute.FencedMigrationRuntime;
import io.github.migrations.history.BackfillProgressTable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link Backfill} in one migration: the control flow of its class comment. Every
 * write goes through {@link io.github.migrations.MigrationRuntime#inTransaction}, so each is fenced by the lock.
 */
final class BackfillRun {

	private static final Logger logger = LoggerFactory.getLogger(Backfill.class);

	private final Backfill backfill;

	private final MigrationContext context;

	private final FencedMigrationRuntime runtime;

	private final MigrationDescriptor migration;

	private final MigrationVersion version;

	private final BackfillProgressTable progress;

	BackfillRun(Backfill backfill, MigrationContext context) {
		this.backfill = backfill;
		this.context = context;
		// the engine's own runtime, never one made by hand: it knows where the progress table is
		if (!(context.runtime() instanceof FencedMigrationRuntime runtime)) {
			throw new MigrationException(
					"Backfill '" + backfill.name() + "' needs a migration context from the Migrator",
					"Run the backfill from a JavaMigration's up or down method, as the Migrator calls it.");
		}
		this.runtime = runtime;
		this.migration = runtime.migration();
		this.version = this.migration.version();
		this.progress = runtime.backfillProgress();
	}

	BackfillResult run() throws Exception {
		long started = System.nanoTime();
		Connection connection = this.context.connection();
		if (!connection.getAutoCommit()) {
			throw new MigrationException("Backfill '" + this.backfill.name() + "' cannot run in migration "
					+ this.version + ", which is transactional: its batches commit one by one",
					"Return false from isTransactional() in " + this.migration.script()
							+ " (the backfill fences and commits each batch itself, and resumes after a crash).");
		}
		this.runtime.checkLock();
		this.progress.createIfMissing(connection);
		BackfillKey key = BackfillKey.inspect(connection, this.backfill.table(), this.backfill.key(),
				this.runtime.dialect().indexesRowValueComparisons());
		BackfillProgressTable.Stored stored = this.runtime.inTransaction((tx) -> {
			BackfillProgressTable.Stored row = this.progress.read(tx, this.version, this.backfill.name());
			if (row == null) {
				this.progress.start(tx, this.version, this.backfill.name());
				return new BackfillProgressTable.Stored(BackfillProgressTable.RUNNING, null, 0, 0, 1, null);
			}
			if (!row.done()) {
				this.progress.resume(tx, this.version, this.backfill.name());
			}
			return row;
		});
		if (stored.done()) {
			logger.info("Backfill {} of migration {} was completed by an earlier run ({} rows); validating only",
					this.backfill.name(), this.version, stored.rowsDone());
			validateAndComplete(stored.rowsDone(), stored.lastKey());
			return new BackfillResult(this.backfill.name(), 0, 0, stored.rowsDone(), stored.lastKey(), true,
					Duration.ofNanos(System.nanoTime() - started));
		}
		String resumedAfter = stored.lastKey();
		if (resumedAfter != null) {
			logger.info("Backfill {} of migration {} resumes after key {} ({} rows in {} batches done before)",
					this.backfill.name(), this.version, resumedAfter, stored.rowsDone(), stored.batches());
		}
		else {
			logger.info("Backfill {} of migration {} starts on {} (batches of {}, pause {} ms)", this.backfill.name(),
					this.version, this.backfill.table(), this.backfill.batchSize(), this.backfill.pause().toMillis());
		}
		Batches batches = new Batches(key, stored, started);
		batches.runAll();
		validateAndComplete(batches.rowsDone, batches.lastKey);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		BackfillResult result = new BackfillResult(this.backfill.name(), batches.rows, batches.batches,
				batches.rowsDone, resumedAfter, false, took, batches.pauses, batches.paused);
		logger.info("Backfill {} of migration {} done: {} rows in {} batches in {} ms ({} rows/s){}{}",
				this.backfill.name(), this.version, result.rows(), result.batches(), took.toMillis(),
				Math.round(result.rowsPerSecond()),
				(resumedAfter != null) ? ", resumed after key " + resumedAfter + ", " + result.totalRows()
						+ " rows over every run" : "",
				(batches.pauses > 0) ? "; paused " + batches.pauses + " times (" + batches.paused.toMillis()
						+ " ms) for standbys" : "");
		return result;
	}

	private void validateAndComplete(long rowsDone, @Nullable String lastKey) throws Exception {
		this.runtime.inTransaction((tx) -> {
			List<String> problems = new ArrayList<>();
			for (Backfill.Check check : this.backfill.checks()) {
				String problem = check.problem(this.context.jdbcTemplate());
				if (problem != null) {
					problems.add(problem);
				}
			}
			if (!problems.isEmpty()) {
				throw new BackfillValidationException(this.version, this.migration.script(), this.backfill.name(),
						problems, rowsDone, lastKey, this.progress.qualifiedTable());
			}
			this.progress.complete(tx, this.version, this.backfill.name());
			return null;
		});
	}

	/**
	 * The batch loop and its counters.
	 */
	private final class Batches {

		private final BackfillKey key;

		private final String firstQuery;

		private final String nextQuery;

		private final long started;

		private @Nullable List<Object> after;

		private @Nullable String lastKey;

		private long rowsDone;

		private long batchesDone;

		/** Rows and batches of this run. */
		private long rows;

		private long batches;

		private long loggedAt;

		/** Pauses for standbys of this run. */
		private long pauses;

		private Duration paused = Duration.ZERO;

		Batches(BackfillKey key, BackfillProgressTable.Stored stored, long started) {
			this.key = key;
			this.started = started;
			this.loggedAt = started;
			String where = BackfillRun.this.backfill.where();
			String select = "SELECT " + key.columnList(null) + " FROM " + BackfillRun.this.backfill.table();
			String order = " ORDER BY " + key.columnList(null) + " LIMIT ?";
			this.firstQuery = select + ((where != null) ? " WHERE (" + where + ")" : "") + order;
			this.nextQuery = select + " WHERE " + key.after(null) + ((where != null) ? " AND (" + where + ")" : "")
					+ order;
			this.lastKey = stored.lastKey();
			this.after = (stored.lastKey() != null) ? key.decode(stored.lastKey()) : null;
			this.rowsDone = stored.rowsDone();
			this.batchesDone = stored.batches();
		}

		void runAll() throws Exception {
			Backfill backfill = BackfillRun.this.backfill;
			while (true) {
				Duration waited = BackfillRun.this.runtime.awaitReplicationLag(backfill.name());
				if (!waited.isZero()) {
					this.pauses++;
					this.paused = this.paused.plus(waited);
				}
				long batchStarted = System.nanoTime();
				List<List<Object>> keys = BackfillRun.this.runtime.inTransaction((tx) -> {
					List<List<Object>> selected = selectKeys(tx);
					if (selected.isEmpty()) {
						return selected;
					}
					BackfillBatch batch = new BackfillBatch(tx, BackfillRun.this.context.jdbcTemplate(), this.key,
							selected, this.batchesDone + 1);
					backfill.work().run(batch);
					BackfillRun.this.progress.advance(tx, BackfillRun.this.version, backfill.name(), this.batchesDone,
							this.key.encode(batch.lastKey()), selected.size());
					return selected;
				});
				if (keys.isEmpty()) {
					return;
				}
				committed(keys, Duration.ofNanos(System.nanoTime() - batchStarted));
				// A short batch was the last one: no query just to find nothing more.
				if (keys.size() < backfill.batchSize()) {
					return;
				}
				pause(backfill.pause());
			}
		}

		private List<List<Object>> selectKeys(Connection tx) throws Exception {
			List<Object> from = this.after;
			try (PreparedStatement statement = tx.prepareStatement((from != null) ? this.nextQuery : this.firstQuery)) {
				int index = (from != null) ? BackfillKey.bind(statement, 1, this.key.arguments(from)) : 1;
				statement.setInt(index, BackfillRun.this.backfill.batchSize());
				List<List<Object>> keys = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						keys.add(this.key.read(rs, 1));
					}
				}
				return keys;
			}
		}

		private void committed(List<List<Object>> keys, Duration took) {
			List<Object> last = keys.get(keys.size() - 1);
			this.after = last;
			this.lastKey = this.key.encode(last);
			this.rowsDone += keys.size();
			this.batchesDone++;
			this.rows += keys.size();
			this.batches++;
			BackfillProgress event = new BackfillProgress(BackfillRun.this.backfill.name(), this.batchesDone,
					keys.size(), this.rowsDone, this.lastKey, took);
			BackfillRun.this.runtime.listener().backfillProgress(BackfillRun.this.migration, event);
			long now = System.nanoTime();
			if (now - this.loggedAt >= BackfillRun.this.backfill.logEvery().toNanos()) {
				this.loggedAt = now;
				double seconds = (now - this.started) / 1e9;
				logger.info("Backfill {} of migration {}: {} rows in {} batches ({} rows/s this run), last key {}",
						BackfillRun.this.backfill.name(), BackfillRun.this.version, this.rowsDone, this.batchesDone,
						Math.round(this.rows / Math.max(seconds, 1e-3)), this.lastKey);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Backfill {} of migration {}: batch {} of {} rows committed in {} ms, last key {}",
						BackfillRun.this.backfill.name(), BackfillRun.this.version, this.batchesDone, keys.size(),
						took.toMillis(), this.lastKey);
			}
		}

		private void pause(Duration pause) {
			if (pause.isZero()) {
				return;
			}
			try {
				Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new MigrationException("Interrupted between two batches of backfill '"
						+ BackfillRun.this.backfill.name() + "'",
						"Migrate again: the backfill resumes after the last committed batch.", ex);
			}
		}

	}

}
