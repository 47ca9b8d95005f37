package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.CommitTimeoutException;
import io.github.migrations.Direction;
import io.github.migrations.LockLostException;
import io.github.migrations.MigrationCallbackException;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.lock.LockLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step of a migration (its work and its history change) once, on a connection of its
 * own; the {@link MigrationExecutor} decides about retries and the exception.
 * <ol>
 * <li>In a transaction: the transaction-scoped settings and the lock's fence check (one round
 * trip), the work, a last lease extension, the history change together with the commit. Any
 * failure rolls all of it back. Where a write fenced by the lock row holds the row to the commit
 * (MariaDB, MySQL) and the history change can be such a write, the fence check is that write, at
 * the end ({@link LockLease#fencedWriteBeforeCommit}), and the start sends nothing.</li>
 * <li>Without a transaction: auto-commit, the fence proven before the work (a proof still standing
 * counts: see {@link LockLease#checkBeforeStatement()}) and for the history row (where the
 * history allows, by the row's own fenced insert). A failure while the lock is still ours is
 * recorded in a fenced transaction of its own: the database is dirty.</li>
 * <li>The steps of a run share one connection, kept between them ({@link #take()},
 * {@link #giveBack}: the pipelined steps borrow it too), so that a data source without a pool opens
 * no connection per migration. Where DDL commits by itself, it keeps the session's timeouts set and
 * auto-commit as the last step left it (a transaction after a step without one ends by switching
 * auto-commit back on, which commits; one after another by {@code COMMIT}); {@link #close()}
 * resets the timeouts, sets auto-commit back and gives it back.</li>
 * <li>Either way, auto-commit is restored and, when the work may have changed session state, the
 * session is reset before the connection goes back to its pool.</li>
 * </ol>
 * Failures leave as {@link StepFailure} (or {@link LockLostException}).
 */
final class StepRunner {

	private static final Logger logger = LoggerFactory.getLogger(StepRunner.class);

	// The kept connection goes back between two steps once it has been out for a second, so that
	// a pool's leak detection (HikariCP's threshold is 2 s at the least) never sees a run's
	// connection held longer than one step holds it; without a pool that is a connection a second.
	private static final long KEPT_AT_MOST_NANOS = 1_000_000_000L;

	private final DataSource dataSource;

	private final Dialect dialect;

	private final ExecutionSettings settings;

	// The steps of a run share one connection, kept between them: a data source without a pool
	// (the CLI's, the Maven plugin's, migrations-test's) would otherwise open a connection per
	// migration, and where DDL commits by itself (MariaDB, MySQL) the session's timeouts are set
	// once per run, not set and reset around every step (two round trips a migration). close()
	// resets them and gives it back; a failed step's connection is never kept.
	private @Nullable Connection kept;

	// when the kept connection was taken from the data source
	private long keptSince;

	// the connection whose session has the lock timeouts set and not yet reset
	private @Nullable Connection timeoutsOn;

	// the auto-commit of the kept connection as its pool lent it: the steps leave auto-commit as
	// they need it (no switch back and forth between two transactional steps), release() sets it back
	private boolean pooledAutoCommit = true;

	// whether the last step on the kept connection ran in a transaction and left auto-commit off
	private boolean afterTransaction;

	StepRunner(DataSource dataSource, Dialect dialect, ExecutionSettings settings) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.settings = settings;
	}

	/**
	 * @return the execution time of the work in milliseconds
	 */
	long inTransaction(Work work, HistoryChange change, LockLease lease, boolean resetSession) {
		return onConnection((connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			boolean timeoutSet = false;
			Map<String, String> transactionSettings = this.settings.transactionSettings(this.dialect, lease);
			// fenced by the history write at the end, where that write holds the lock row to the
			// commit: the fence statement at the start is saved (it sets no settings here)
			boolean fencedAtCommit = change.fencesItself() && transactionSettings.isEmpty() && lease.fencesAtCommit();
			// On a kept connection, after a step that ran without a transaction: commit by switching
			// auto-commit back on (one round trip for both, as JDBC and the server define it). After
			// a transactional step: COMMIT, and auto-commit stays off for the next step, which
			// probably is one too (a run of DML migrations switches once, not twice per migration).
			boolean commitBySwitch = leavesAutoCommit() && !this.afterTransaction;
			try {
				connection.setAutoCommit(false);
				try {
					timeoutSet = setLockTimeout(connection);
					if (fencedAtCommit) {
						lease.beginFencedAtCommit();
					}
					else {
						lease.fence(connection, transactionSettings);
					}
					long started = System.nanoTime();
					work.run(connection);
					long elapsed = (System.nanoTime() - started) / 1_000_000;
					lease.beforeCommit(connection);
					CommitWatch.commit(connection, this.dialect, this.settings.commitTimeout(), CommitWatch.ANONYMOUS,
							() -> {
								if (fencedAtCommit) {
									change.applyFenced(connection, elapsed, lease,
											commitBySwitch ? () -> connection.setAutoCommit(true) : connection::commit);
								}
								else {
									change.applyAndCommit(connection, elapsed);
								}
							});
					// the fence held the lock row up to the commit: a proof for a statement right after
					lease.committed();
					this.afterTransaction = leavesAutoCommit();
					return elapsed;
				}
				catch (Throwable ex) {
					rollbackQuietly(connection);
					throw ex;
				}
				finally {
					// quietly: on a connection the server ended this would hide the reason it ended
					leaveAutoCommitQuietly(connection, autoCommit);
				}
			}
			finally {
				resetQuietly(connection, resetSession, timeoutSet);
			}
		});
	}

	/**
	 * @return the execution time of the work in milliseconds
	 */
	long withoutTransaction(MigrationDescriptor migration, Direction direction, Work work, HistoryChange change,
			LockLease lease, boolean resetSession) {
		return onConnection((connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			boolean timeoutSet = false;
			try {
				this.afterTransaction = false;
				connection.setAutoCommit(true);
				timeoutSet = setLockTimeout(connection);
				// left standing for the first statement, which then needs no proof of its own
				lease.prove();
				long started = System.nanoTime();
				try {
					work.run(connection);
				}
				catch (LockLostException ex) {
					throw ex;
				}
				catch (Exception ex) {
					// what ran may have outlived the proof the step started with
					lease.spend();
					long elapsed = (System.nanoTime() - started) / 1_000_000;
					if (!lease.isLost()) {
						markDirty(migration, direction, change, connection, lease, elapsed);
					}
					if (ex instanceof MigrationCallbackException callback) {
						throw callback;
					}
					throw (ex instanceof StepFailure step) ? step : new StepFailure(ex, null);
				}
				long elapsed = (System.nanoTime() - started) / 1_000_000;
				change.applyFenced(connection, elapsed, lease);
				return elapsed;
			}
			finally {
				resetQuietly(connection, resetSession, timeoutSet);
				leaveAutoCommitQuietly(connection, autoCommit);
			}
		});
	}

	/**
	 * Runs on a connection of its own; every failure but a lost lock leaves as a {@link StepFailure}.
	 */
	private long onConnection(ConnectionWork work) {
		Connection connection = null;
		boolean keep = false;
		try {
			connection = take();
			long result = work.run(connection);
			keep = true;
			return result;
		}
		catch (StepFailure | LockLostException | MigrationCallbackException | CommitTimeoutException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new StepFailure(ex, null);
		}
		finally {
			if (connection != null) {
				giveBack(connection, keep);
			}
		}
	}

	/**
	 * The run's connection: the one kept since the last step, or a new one from the data source.
	 */
	Connection take() throws SQLException {
		Connection connection = this.kept;
		this.kept = null;
		if (connection != null && System.nanoTime() - this.keptSince > KEPT_AT_MOST_NANOS) {
			release(connection);
			connection = null;
		}
		if (connection == null) {
			connection = this.dataSource.getConnection();
			this.keptSince = System.nanoTime();
			this.pooledAutoCommit = connection.getAutoCommit();
			this.afterTransaction = false;
		}
		return connection;
	}

	/**
	 * Keeps a connection from {@link #take()} for the next step, or, after a failure (the next
	 * attempt gets a fresh one), gives it back to the data source.
	 */
	void giveBack(Connection connection, boolean succeeded) {
		if (succeeded) {
			this.kept = connection;
		}
		else {
			release(connection);
		}
	}

	/**
	 * Whether the steps leave auto-commit as they need it rather than set it back after each
	 * (where DDL commits by itself: each switch there is a round trip, and a run alternates between
	 * steps with and without a transaction). Elsewhere each step sets it back, as a pool expects.
	 */
	private boolean leavesAutoCommit() {
		return !this.dialect.supportsTransactionalDdl();
	}

	/**
	 * Sets the lock timeout (and, where it is a session setting, the statement timeout) for a
	 * step, unless the kept connection has them already.
	 * @return whether it is set (and must be reset before the connection goes back to its pool)
	 */
	private boolean setLockTimeout(Connection connection) throws SQLException {
		return (this.timeoutsOn == connection) || this.dialect.setTimeouts(connection, this.settings.lockTimeout(),
				this.settings.statementTimeout());
	}

	/**
	 * Gives back the connection kept between steps, its lock timeouts reset. Never throws.
	 */
	void close() {
		Connection connection = this.kept;
		this.kept = null;
		if (connection != null) {
			release(connection);
		}
	}

	private void release(Connection connection) {
		this.afterTransaction = false;
		if (leavesAutoCommit()) {
			restoreAutoCommitQuietly(connection, this.pooledAutoCommit);
		}
		try {
			if (this.timeoutsOn == connection) {
				this.timeoutsOn = null;
				if (!connection.isClosed()) {
					this.dialect.resetLockTimeout(connection);
				}
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not reset the lock timeout after a migration", ex);
		}
		try {
			connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close a migration connection", ex);
		}
	}

	/**
	 * Records the failure in a fenced transaction: a runner that lost the lock must not write,
	 * since the new holder may be re-running the same migration. Where DDL commits by itself, a
	 * failure that cannot be recorded on the migration's connection (the server ended the session,
	 * the network dropped it) is recorded on a connection of its own, so that what took effect is
	 * not forgotten.
	 */
	private void markDirty(MigrationDescriptor migration, Direction direction, HistoryChange change,
			Connection connection, LockLease lease, long elapsed) {
		try {
			recordFailure(change, connection, lease, elapsed);
			return;
		}
		catch (Exception ex) {
			if (this.dialect.supportsTransactionalDdl()) {
				logFailedRecord(migration, direction, ex);
				return;
			}
			try (Connection fresh = this.dataSource.getConnection()) {
				recordFailure(change, fresh, lease, elapsed);
			}
			catch (Exception again) {
				again.addSuppressed(ex);
				logFailedRecord(migration, direction, again);
			}
		}
	}

	private static void recordFailure(HistoryChange change, Connection connection, LockLease lease, long elapsed)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			lease.fence(connection);
			change.apply(connection, elapsed, false);
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			rollbackQuietly(connection);
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private static void logFailedRecord(MigrationDescriptor migration, Direction direction, Exception ex) {
		logger.error("Could not record that {} migration {} failed part-way; the database may be dirty",
				direction.name().toLowerCase(Locale.ROOT), migration.label(), ex);
	}

	/**
	 * Resets the session when the work may have changed it, else only the lock timeout when it
	 * was set for the migration.
	 */
	private void resetQuietly(Connection connection, boolean resetSession, boolean timeoutSet) {
		if (!resetSession && !timeoutSet) {
			return;
		}
		if (!resetSession) {
			// kept for the next step with the timeouts still set: reset when given back
			this.timeoutsOn = connection;
			return;
		}
		if (this.timeoutsOn == connection) {
			this.timeoutsOn = null;
		}
		try {
			if (connection.isClosed()) {
				return;
			}
			if (resetSession) {
				this.dialect.resetSession(connection);
			}
			else {
				this.dialect.resetLockTimeout(connection);
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not reset the session after a migration", ex);
		}
	}

	/**
	 * Sets auto-commit back to what it was before the step, except where the steps leave it
	 * ({@link #leavesAutoCommit()}): the kept connection keeps what the step left and is set back
	 * when given back ({@link #release}).
	 */
	private void leaveAutoCommitQuietly(Connection connection, boolean autoCommit) {
		if (!leavesAutoCommit()) {
			restoreAutoCommitQuietly(connection, autoCommit);
		}
	}

	static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			logger.debug("Rollback failed (the connection is probably gone)", ex);
		}
	}

	static void restoreAutoCommitQuietly(Connection connection, boolean autoCommit) {
		try {
			if (!connection.isClosed()) {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not restore auto-commit after a migration", ex);
		}
	}

	/**
	 * How a transaction ends: {@code COMMIT}, or auto-commit switched back on (which commits).
	 */
	@FunctionalInterface
	interface Commit {

		void run() throws SQLException;

	}

	@FunctionalInterface
	private interface ConnectionWork {

		long run(Connection connection) throws Exception;

	}

	/**
	 * What a step does: its statements, or its Java code.
	 */
	@FunctionalInterface
	interface Work {

		void run(Connection connection) throws Exception;

	}

	/**
	 * What a step changes in the history, in the step's transaction (or, without one, after it).
	 */
	@FunctionalInterface
	interface HistoryChange {

		void apply(Connection connection, long elapsedMillis, boolean success) throws SQLException;

		/**
		 * The change for a migration that succeeded in its transaction, and the commit.
		 */
		default void applyAndCommit(Connection connection, long elapsedMillis) throws SQLException {
			apply(connection, elapsedMillis, true);
			connection.commit();
		}

		/**
		 * Whether the change of a step that succeeded in its transaction can be written fenced by
		 * the lock row ({@link #applyFenced(Connection, long, LockLease, Commit)}), so that the
		 * transaction needs no fence at its start where the lease allows
		 * ({@link LockLease#fencesAtCommit()}). {@code false} by default.
		 */
		default boolean fencesItself() {
			return false;
		}

		/**
		 * The change for a step that succeeded in its transaction, as the transaction's proof of
		 * the lock ({@link LockLease#fencedWriteBeforeCommit}), then {@code commit}; only where
		 * {@link #fencesItself()}.
		 */
		default void applyFenced(Connection transaction, long elapsedMillis, LockLease lease, Commit commit)
				throws SQLException {
			throw new UnsupportedOperationException("This history change cannot fence its transaction");
		}

		/**
		 * The change for a step that succeeded without a transaction, only while the lock is ours:
		 * by default a proof of the lock, then the change.
		 */
		default void applyFenced(Connection connection, long elapsedMillis, LockLease lease) throws SQLException {
			lease.check();
			apply(connection, elapsedMillis, true);
		}

	}

}
