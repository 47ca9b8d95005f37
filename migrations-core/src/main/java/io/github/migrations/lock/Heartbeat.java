package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a {@link LockLease} from a daemon thread, one short statement per beat on a connection
 * borrowed for that beat only (a dead connection costs one beat, not the lock). It declares the
 * lease lost when the row says so, or when beats kept failing for a whole lease: by then another
 * runner may have taken over.
 * <p>
 * A beat that is slow but succeeds still counts: its {@code WHERE fence = ours} proves nobody
 * took over. That matters behind PgBouncer with one server connection, where the beat queues
 * behind our own migration transaction. A beat hanging on a dead network is bounded by the
 * DataSource's socket timeout; meanwhile safety does not depend on the heartbeat, since every
 * commit is fenced inside its own transaction.
 * <p>
 * When the lock row names the holder's session, the heartbeat beats on the connection the lock
 * was taken on instead, which the holder keeps until it releases the lock: that session is the
 * holder's proof of life. Each beat keeps the recorded session only if it still runs in it (a
 * pooler that moved the connection clears it: lease only from then on). A kept connection that
 * fails is closed and replaced at the next beat, which records the new session.
 */
final class Heartbeat implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(Heartbeat.class);

	private final LockTable table;

	private final Duration interval;

	private final LockLease lease;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Thread thread;

	/** {@link System#nanoTime()} when the last confirming statement was sent. */
	private volatile long confirmedAt;

	/** {@link System#nanoTime()} of the last confirmation that came more than a lease after the one before. */
	private volatile long lapsedAt;

	/** Whether {@link #lapsedAt} was set. */
	private volatile boolean lapsed;

	private boolean failing;

	/** Whether the lock row names the holder's session, kept alive on {@link #session}. */
	private final boolean keepsSession;

	/** The connection whose server session the lock row names; {@code null} after it failed. */
	private volatile @Nullable Connection session;

	Heartbeat(LockTable table, Duration interval, LockLease lease, long confirmedAt, @Nullable Connection session) {
		this.table = table;
		this.interval = interval;
		this.lease = lease;
		this.confirmedAt = confirmedAt;
		this.keepsSession = session != null;
		this.session = session;
		this.thread = new Thread(this, "migrations-lock-heartbeat-" + lease.fence());
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Stops beating; waits for a beat in progress unless called from the heartbeat itself.
	 */
	void stop() {
		this.stopped.countDown();
		if (Thread.currentThread() != this.thread) {
			try {
				this.thread.join(this.table.lease().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void run() {
		long leaseNanos = this.table.lease().toNanos();
		long intervalNanos = this.interval.toNanos();
		try {
			while (true) {
				// Wake up early when the lease would end before the next regular beat (after
				// failed beats): one more try, then it is lost.
				long untilLeaseEnds = this.confirmedAt + leaseNanos - System.nanoTime();
				long wait = Math.max(0, Math.min(intervalNanos, untilLeaseEnds));
				if (this.stopped.await(wait, TimeUnit.NANOSECONDS) || this.lease.isLost()) {
					return;
				}
				// A late success still proves that nobody took over (the fence is unchanged): only
				// failures count against the lease.
				if (beat() || this.lease.isLost()) {
					continue;
				}
				if (System.nanoTime() - this.confirmedAt >= leaseNanos) {
					this.lease.lose("no heartbeat succeeded within the lease of " + this.table.lease().toMillis()
							+ " ms, so another runner may have taken over");
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether the lock row names the holder's session.
	 */
	boolean keepsSession() {
		return this.keepsSession;
	}

	/**
	 * The kept connection, for the release after {@link #stop()}; {@code null} if none.
	 */
	@Nullable Connection session() {
		return this.session;
	}

	/**
	 * Closes the kept connection (after the release): the session the row named ends.
	 */
	void closeSession() {
		Connection connection = this.session;
		this.session = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close the migration lock's session", ex);
			}
		}
	}

	/**
	 * One renewal; returns whether it confirmed that the lock is still ours.
	 */
	private boolean beat() {
		if (!this.keepsSession) {
			try (Connection connection = this.table.connect()) {
				return beat(connection, false, false);
			}
			catch (SQLException ex) {
				return failed(ex);
			}
		}
		Connection connection = this.session;
		// a new connection records its session, unless the lease went lease only (see LockLease.check)
		boolean record = connection == null && !this.lease.sessionCleared();
		try {
			if (connection == null) {
				connection = this.table.connect();
				this.session = connection;
			}
			return beat(connection, true, record);
		}
		catch (SQLException ex) {
			closeSession();
			return failed(ex);
		}
	}

	/**
	 * One renewal on {@code connection}; returns whether it confirmed that the lock is still ours.
	 */
	private boolean beat(Connection connection, boolean inSession, boolean record) throws SQLException {
		long sentAt = System.nanoTime();
		long fence = this.lease.fence();
		int renewed = inSession ? this.table.renewInSession(connection, fence, record)
				: this.table.extend(connection, fence, true);
		if (renewed == 1) {
			return confirmed(sentAt);
		}
		LockRow row = this.table.read(connection);
		if (row != null && row.lockedWith(fence)) {
			// Skipped because the row is locked, and it is still ours: our migration
			// transaction holds it and extends the lease before it commits.
			logger.debug("Migration lock row is held by our own transaction (fence {})", fence);
			return confirmed(sentAt);
		}
		this.lease.loseTo(row);
		return false;
	}

	private boolean failed(SQLException ex) {
		if (this.table.isUndefinedTable(ex)) {
			this.lease.lose("the lock table " + this.table.name() + " was dropped");
			return false;
		}
		if (!this.failing) {
			logger.warn("Migration lock heartbeat failed, retrying until the lease ends: {}", ex.getMessage());
			this.failing = true;
		}
		else {
			logger.debug("Migration lock heartbeat failed again", ex);
		}
		return false;
	}

	/**
	 * Whether the lease ran out after {@code since} (a {@link System#nanoTime()}): two
	 * confirmations more than a lease apart since then (a late success proves nobody took over,
	 * not that the lease never ran out), or none for a lease until now.
	 */
	boolean lapsedSince(long since) {
		return (this.lapsed && this.lapsedAt - since > 0)
				|| System.nanoTime() - this.confirmedAt > this.table.lease().toNanos();
	}

	private boolean confirmed(long sentAt) {
		if (sentAt - this.confirmedAt > this.table.lease().toNanos()) {
			this.lapsedAt = sentAt;
			this.lapsed = true;
		}
		this.confirmedAt = sentAt;
		if (this.failing) {
			logger.info("Migration lock heartbeat recovered (fence {})", this.lease.fence());
			this.failing = false;
		}
		return true;
	}

}
