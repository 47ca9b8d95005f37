package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationRuntime;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.history.BackfillProgressTable;
import io.github.migrations.lock.LockLease;
import io.github.migrations.preflight.DatabaseActivity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MigrationRuntime} of one Java migration run: its transactions are fenced exactly
 * like a transactional migration's (settings and fence first, lease extended before commit), so
 * a runner paused past its lease cannot commit a batch after another runner took over. A
 * transaction that hit the lock timeout is rolled back and run again with backoff, up to the
 * configured lock retries.
 */
public final class FencedMigrationRuntime implements MigrationRuntime {

	private static final Logger logger = LoggerFactory.getLogger(FencedMigrationRuntime.class);

	private final Connection connection;

	private final MigrationDescriptor migration;

	private final LockLease lease;

	private final Dialect dialect;

	private ExecutionSettings settings;

	private final MigrationListener listener;

	private final String historyTable;

	private @Nullable ReplicationThrottle throttle;

	FencedMigrationRuntime(Connection connection, MigrationDescriptor migration, LockLease lease, Dialect dialect,
			ExecutionSettings settings, MigrationListener listener, String historyTable) {
		this.connection = connection;
		this.migration = migration;
		this.lease = lease;
		this.dialect = dialect;
		this.settings = settings;
		this.listener = listener;
		this.historyTable = historyTable;
	}

	/**
	 * The database's dialect (a backfill asks it how to page).
	 */
	public Dialect dialect() {
		return this.dialect;
	}

	@Override
	public MigrationDescriptor migration() {
		return this.migration;
	}

	@Override
	public <T> T inTransaction(TransactionWork<T> work) throws Exception {
		int attempt = 0;
		while (true) {
			try {
				return once(work);
			}
			catch (Exception ex) {
				// Rolled back as a whole, so it can run again: a row an application transaction held
				// is usually free a moment later.
				if (attempt >= this.settings.lockRetries() || !isLockTimeout(ex)) {
					throw ex;
				}
				attempt++;
				long backoff = ExecutionSettings.retryBackoffMillis(attempt);
				logger.warn("A transaction of migration {} hit the lock timeout (attempt {} of {}); retrying in {} ms",
						this.migration.version(), attempt, this.settings.lockRetries() + 1, backoff);
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					ex.addSuppressed(interrupted);
					throw ex;
				}
			}
		}
	}

	private boolean isLockTimeout(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && this.dialect.isLockTimeout(sql)) {
				return true;
			}
		}
		return false;
	}

	private <T> T once(TransactionWork<T> work) throws Exception {
		if (!this.connection.getAutoCommit()) {
			// Inside the migration's own transaction a commit here would commit the migration's
			// work too, before its history row: refuse instead.
			throw new MigrationException("Java migration " + this.migration.script()
					+ " runs in a transaction, so it cannot commit transactions of its own",
					"Return false from isTransactional() in " + this.migration.script()
							+ " (each of its transactions is then fenced and committed on its own).");
		}
		this.connection.setAutoCommit(false);
		try {
			this.lease.fence(this.connection, this.settings.transactionSettings(this.dialect, this.lease));
			T result = work.run(this.connection);
			this.lease.beforeCommit(this.connection);
			CommitWatch.commit(this.connection, this.dialect, this.settings.commitTimeout(),
					"a transaction of migration " + this.migration.label(), this.connection::commit);
			return result;
		}
		catch (Throwable ex) {
			StepRunner.rollbackQuietly(this.connection);
			throw ex;
		}
		finally {
			StepRunner.restoreAutoCommitQuietly(this.connection, true);
		}
	}

	@Override
	public void checkLock() {
		this.lease.check();
	}

	@Override
	public MigrationListener listener() {
		return this.listener;
	}

	@Override
	public Duration awaitReplicationLag() {
		return awaitReplicationLag(null);
	}

	/**
	 * {@link #awaitReplicationLag()} for a backfill, which the log line and the listeners name.
	 */
	public Duration awaitReplicationLag(@Nullable String backfill) {
		Duration maxLag = this.settings.maxReplicationLag();
		if (maxLag == null) {
			return Duration.ZERO;
		}
		try {
			if (!this.connection.getAutoCommit()) {
				throw new MigrationException("Java migration " + this.migration.script()
						+ " waits for its standbys inside its transaction, which would only keep the transaction open",
						"Return false from isTransactional() in " + this.migration.script()
								+ " and wait between the transactions of MigrationRuntime.inTransaction.");
			}
			ReplicationThrottle throttle = this.throttle;
			if (throttle == null) {
				DatabaseActivity activity = this.dialect.activity().orElse(null);
				if (activity == null) {
					return Duration.ZERO;
				}
				throttle = new ReplicationThrottle(this.connection, activity, maxLag, this.migration, this.listener);
				this.throttle = throttle;
			}
			return throttle.await(backfill);
		}
		catch (SQLException ex) {
			// the work goes on unthrottled rather than fail half-way for a monitoring query
			logger.warn("Could not read how far behind the standbys are ({}); migration {} goes on without pausing "
					+ "for them", ex.getMessage(), this.migration.version());
			this.settings = this.settings.withoutReplicationLag();
			return Duration.ZERO;
		}
	}

	/**
	 * The progress table of the migration's backfills, next to the history table (engine-internal:
	 * the batched backfill reaches it through this runtime, not through the public interface).
	 */
	public BackfillProgressTable backfillProgress() {
		return BackfillProgressTable.of(this.dialect, this.historyTable);
	}

}
