package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A held migration lock: its fencing token, the heartbeat that keeps it, and the checks that
 * stop a runner that lost it from committing anything. Closing it releases the lock. (Stub: being
 * written.)
 */
public final class LockLease implements AutoCloseable {

	/**
	 * The fencing token of this acquisition; it grows with every acquisition.
	 */
	public long fence() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * How long the runner waited before it got the lock.
	 */
	public Duration waited() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * First statement of every migration transaction: proves the lock is still ours, extends the
	 * lease and keeps the lock row locked until the transaction ends.
	 * @param transaction a connection with auto-commit off
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void fence(Connection transaction) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Last statement of a migration transaction before commit: extends the lease from the
	 * database's current time, so a long migration does not end with an expired lease.
	 */
	public void beforeCommit(Connection transaction) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * For non-transactional steps: proves in one autocommit statement that the lock is still ours
	 * and extends the lease.
	 * @throws io.github.migrations.LockLostException if it is not
	 */
	public void check() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * The statement running now on the migration connection; the heartbeat cancels it when the
	 * lock is lost. {@code null} clears it.
	 */
	public void running(@Nullable Statement statement) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Whether the heartbeat found the lock lost.
	 */
	public boolean isLost() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Stops the heartbeat and releases the lock (if still ours).
	 */
	@Override
	public void close() {
		throw new UnsupportedOperationException("not yet");
	}

}
