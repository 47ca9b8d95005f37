package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.migrations.LockLostException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held migration lock: its fencing token, the heartbeat that keeps it, and the checks that
 * stop a runner that lost it from committing anything. Closing it releases the lock.
 */
public final class LockLease implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LockLease.class);

	private final LockTable table;

	private final long fence;

	private final Duration waited;

	private final Heartbeat heartbeat;

	private final AtomicReference<@Nullable Statement> running = new AtomicReference<>();

	private final AtomicReference<@Nullable String> lostReason = new AtomicReference<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final long shortTransactionNanos;

	private volatile long fencedAt = Long.MIN_VALUE / 2;

	// when check() last extended the lease in a statement of its own (committed at once)
	private volatile long checkedAt = Long.MIN_VALUE / 2;

	LockLease(LockTable table, Duration heartbeat, long fence, Duration waited, long acquiredAt) {
		this.table = table;
		this.fence = fence;
		this.waited = waited;
		this.shortTransactionNanos = table.lease().toNanos() / 3;
		this.heartbeat = new Heartbeat(table, heartbeat, this, acquiredAt);
		this.heartbeat.start();
	}

	/**
	 * The fencing token of this acquisition; it grows with every acquisition.
	 */
	public long fence() {
		return this.fence;
	}

	/**
	 * How long the runner waited before it got the lock.
	 */
	public Duration waited() {
		return this.waited;
	}

	/**
	 * First statement of every migration transaction: proves the lock is still ours, extends the
	 * lease and keeps the lock row locked until the transaction ends.
	 * @param transaction a connection with auto-commit off
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void fence(Connection transaction) {
		fence(transaction, Map.of());
	}

	/**
	 * {@link #fence(Connection)}, applying further transaction-scoped settings in the same round
	 * trip (ignored where the database has no such settings).
	 * @param transaction a connection with auto-commit off
	 * @param settings setting name to value, set for this transaction only
	 */
	public void fence(Connection transaction, Map<String, String> settings) {
		throwIfLost();
		this.fencedAt = System.nanoTime();
		prove(transaction, "Could not prepare the migration transaction",
				() -> this.table.fence(transaction, this.fence, settings));
	}

	/**
	 * Last statement of a migration transaction before commit: extends the lease from the
	 * database's current time, so a long migration does not end with an expired lease.
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void beforeCommit(Connection transaction) {
		throwIfLost();
		// A short transaction still has most of the lease the fence gave it, more than one
		// heartbeat interval: the heartbeat renews it after the commit, and a round trip is saved.
		// (Elapsed time is measured from before the fence statement, so this errs on the safe side.)
		if (System.nanoTime() - this.fencedAt < this.shortTransactionNanos) {
			return;
		}
		extend(transaction);
	}

	/**
	 * For non-transactional steps: proves in one autocommit statement that the lock is still ours
	 * and extends the lease. When the last check extended it less than a third of the lease ago,
	 * the proof is a read instead: the lease still has more than two thirds left (the heartbeat
	 * renews it), and a read commits nothing (on MariaDB and MySQL, where every DDL statement of a
	 * migration is checked, an extension per statement was a log flush per statement).
	 * @throws io.github.migrations.LockLostException if it is not
	 */
	public void check() {
		throwIfLost();
		try (Connection connection = this.table.connect()) {
			long started = System.nanoTime();
			if (started - this.checkedAt < this.shortTransactionNanos) {
				prove(connection, "Could not verify the migration lock",
						() -> this.table.verify(connection, this.fence));
			}
			else {
				extend(connection);
				// measured from before the statement, so this errs on the safe side
				this.checkedAt = started;
			}
		}
		catch (SQLException ex) {
			throw this.table.failure("Could not verify the migration lock", ex);
		}
	}

	private void extend(Connection connection) {
		prove(connection, "Could not verify the migration lock",
				() -> this.table.extend(connection, this.fence, false));
	}

	/**
	 * Runs a fenced lease extension and verifies that it updated our row; a dropped lock table
	 * loses the lock, any other error fails with {@code failure}.
	 */
	private void prove(Connection connection, String failure, Extension extension) {
		int updated;
		try {
			updated = extension.run();
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw this.table.failure(failure, ex);
			}
			loseTable();
			return;
		}
		verify(connection, updated);
	}

	/**
	 * 1 row extended: the lock is ours; else it was lost, and the row says to whom.
	 */
	private void verify(Connection connection, int updated) {
		if (updated == 1) {
			return;
		}
		try {
			LockRow row = this.table.read(connection);
			lose((row != null) ? "the lock row now says " + row.describe() : "the lock row was deleted");
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw this.table.failure("Could not verify the migration lock", ex);
			}
			loseTable();
		}
		throwIfLost();
	}

	private void loseTable() {
		lose("the lock table " + this.table.name() + " was dropped");
		throwIfLost();
	}

	/**
	 * The statement running now on the migration connection; the heartbeat cancels it when the
	 * lock is lost. {@code null} clears it.
	 */
	public void running(@Nullable Statement statement) {
		this.running.set(statement);
		if (statement != null && isLost()) {
			cancel(statement);
		}
	}

	/**
	 * Whether the heartbeat (or a failed check) found the lock lost.
	 */
	public boolean isLost() {
		return this.lostReason.get() != null;
	}

	/**
	 * Marks the lease lost (once), cancels the running statement and stops the heartbeat.
	 */
	void lose(String reason) {
		if (!this.lostReason.compareAndSet(null, reason)) {
			return;
		}
		logger.error("Lost the migration lock {} (fence {}): {}. Stopping the run.", this.table.name(), this.fence,
				reason);
		Statement statement = this.running.get();
		if (statement != null) {
			cancel(statement);
		}
		this.heartbeat.stop();
	}

	private void cancel(Statement statement) {
		try {
			statement.cancel();
		}
		catch (SQLException ex) {
			logger.warn("Could not cancel the running migration statement: {}", ex.getMessage());
		}
	}

	private void throwIfLost() {
		String reason = this.lostReason.get();
		if (reason != null) {
			throw new LockLostException(this.table.name(), this.fence, reason);
		}
	}

	/**
	 * Stops the heartbeat and releases the lock (if still ours). Never throws: a lock that could
	 * not be released ends with its lease.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.heartbeat.stop();
		try {
			if (this.table.release(this.fence)) {
				logger.debug("Released migration lock {} (fence {})", this.table.name(), this.fence);
			}
			else {
				logger.debug("Migration lock {} was no longer ours to release (fence {})", this.table.name(),
						this.fence);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not release the migration lock {} (fence {}); it ends with its lease: {}",
					this.table.name(), this.fence, ex.getMessage());
		}
	}

	@Override
	public String toString() {
		return "LockLease[table=" + this.table.name() + ", fence=" + this.fence + (isLost() ? ", lost" : "") + "]";
	}

	@FunctionalInterface
	private interface Extension {

		int run() throws SQLException;

	}

}
