package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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

	private final TableMigrationLock lock;

	private final long fence;

	private final Duration waited;

	private final Heartbeat heartbeat;

	private final AtomicReference<@Nullable Statement> running = new AtomicReference<>();

	private final AtomicReference<@Nullable String> lostReason = new AtomicReference<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	LockLease(TableMigrationLock lock, long fence, Duration waited, long acquiredAt) {
		this.lock = lock;
		this.fence = fence;
		this.waited = waited;
		this.heartbeat = new Heartbeat(lock, this, acquiredAt);
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
		throwIfLost();
		try {
			this.lock.applyTransactionSettings(transaction);
		}
		catch (SQLException ex) {
			throw this.lock.failure("Could not prepare the migration transaction", ex);
		}
		extend(transaction);
	}

	/**
	 * Last statement of a migration transaction before commit: extends the lease from the
	 * database's current time, so a long migration does not end with an expired lease.
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void beforeCommit(Connection transaction) {
		throwIfLost();
		extend(transaction);
	}

	/**
	 * For non-transactional steps: proves in one autocommit statement that the lock is still ours
	 * and extends the lease.
	 * @throws io.github.migrations.LockLostException if it is not
	 */
	public void check() {
		throwIfLost();
		try (Connection connection = this.lock.connect()) {
			extend(connection);
		}
		catch (SQLException ex) {
			throw this.lock.failure("Could not verify the migration lock", ex);
		}
	}

	private void extend(Connection connection) {
		try {
			if (this.lock.extend(connection, this.fence, false) == 1) {
				return;
			}
			LockRow row = this.lock.readRow(connection);
			lose((row != null) ? "the lock row now says " + row.describe() : "the lock row was deleted");
		}
		catch (SQLException ex) {
			if (!this.lock.isUndefinedTable(ex)) {
				throw this.lock.failure("Could not verify the migration lock", ex);
			}
			lose("the lock table " + this.lock.table() + " was dropped");
		}
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
		logger.error("Lost the migration lock {} (fence {}): {}. Stopping the run.", this.lock.table(), this.fence,
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
			throw new LockLostException(this.lock.table(), this.fence, reason);
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
			this.lock.release(this.fence);
			logger.debug("Released migration lock {} (fence {})", this.lock.table(), this.fence);
		}
		catch (SQLException ex) {
			logger.warn("Could not release the migration lock {} (fence {}); it ends with its lease: {}",
					this.lock.table(), this.fence, ex.getMessage());
		}
	}

	@Override
	public String toString() {
		return "LockLease[table=" + this.lock.table() + ", fence=" + this.fence + (isLost() ? ", lost" : "") + "]";
	}

}
