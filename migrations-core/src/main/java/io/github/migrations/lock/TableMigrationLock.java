package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.github.migrations.LockInfo;
import io.github.migrations.LockLiveness;
import io.github.migrations.LockTimeoutException;
import io.github.migrations.MigrationException;
import io.github.migrations.lock.LockSql.SessionWrite;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration lock: a one-row table with a lease, a heartbeat and a fencing token. It keeps
 * no session state (no advisory locks, no {@code SET} outside a transaction), so it works
 * through PgBouncer in transaction pooling mode, and it never blocks on another runner. Every
 * time is the database's clock ({@code clock_timestamp()} on PostgreSQL, not the transaction's
 * {@code now()}), never the JVM's.
 * <ol>
 * <li>Create the table and its row if missing; runners racing on that catch the duplicate and
 * move on. A new row's fence starts at the database's epoch milliseconds, so fences keep growing
 * even when the row is deleted by hand and re-created.</li>
 * <li>Acquire: one autocommit {@code UPDATE} takes the row when it is unlocked or its lease
 * expired, skipping it (not waiting) when another transaction has it locked, and returns
 * {@code fence + 1}: our fencing token. No row: poll with exponential backoff and jitter until the
 * wait timeout, then fail naming the holder (or, asked between attempts, stop when the caller no
 * longer needs the lock). A missing row or table is re-created first (the
 * holder of the old one, if alive, loses: its fence is no longer in the table).</li>
 * <li>Liveness ({@link LockLiveness#AUTO}, where the database can tell): the acquiring
 * statement records the holder's server session with its fence, and also takes a row whose
 * lease still runs when that session no longer exists and no transaction holds the row: a
 * holder killed with {@code kill -9} is taken over within a poll, not after its lease. The
 * holder keeps the connection it took the lock on for as long as it holds the lock (its
 * heartbeat runs on it), so the recorded session lives exactly as long as the holder; a
 * connection that does not own its server session (a transaction pooler in between) records
 * none, and waiters wait out that holder's lease; so does a holder once it is about to run a
 * statement outside a transaction, which the server does not stop when its client dies. Early
 * takeover is never needed for safety: a holder wrongly declared gone is refused by the
 * fence.</li>
 * <li>Heartbeat: a daemon thread renews the lease every {@code heartbeat} on a connection
 * borrowed per beat, again skipping a locked row. Skipped while the committed row still carries
 * our fence means our own migration transaction holds it (see 4) and will extend it at its
 * commit. A different fence, no row, a released row, or beats failing for a whole lease: the
 * lock is lost; the heartbeat cancels the running migration statement and stops.</li>
 * <li>Fencing: the first statement of every migration transaction extends the lease
 * {@code WHERE fence = ours}; 0 rows aborts before any DDL. (On PostgreSQL's pipelined path that
 * statement is a {@code DO} block that locks the row {@code FOR NO KEY UPDATE} without writing it
 * and raises when it finds none, the extension riding in the history row's statement once a third
 * of the lease is used; on MariaDB and MySQL a DML-only migration's transaction is fenced at its
 * end instead, by its history row written from the lock row, which holds the row to the commit.)
 * The row lock it takes lasts until
 * commit, so no takeover can interleave with a migration's commit, and on PostgreSQL the same
 * transaction sets {@code idle_in_transaction_session_timeout} (a paused holder's session is
 * ended by the server) and {@code client_connection_check_interval} (a killed holder's running
 * statement is cancelled by the server), so neither keeps the row locked. The last statement
 * before commit extends the lease again.
 * Non-transactional steps prove the fence in one autocommit statement before each statement:
 * an extension of the lease {@code WHERE fence = ours}, or, within a third of the lease after the
 * last such extension, a read of the row {@code WHERE fence = ours} (the lease then still has more
 * than two thirds left, and a read writes and commits nothing). Where DDL commits by itself
 * (MariaDB, MySQL), the proof before each statement past the first of a migration run statement
 * by statement is an extension that also writes {@code progress = '<fence>/<done>/<version>'};
 * the next holder reads it ({@link LockLease#interrupted()}) to record a migration its
 * predecessor died in.</li>
 * <li>Release: {@code is_locked = false WHERE fence = ours} (and {@code progress} cleared), after
 * stopping the heartbeat.</li>
 * </ol>
 * A lock table dropped by hand while runners wait is re-created by the next attempt, like a
 * deleted row.
 */
public final class TableMigrationLock {

	/** First pause between two attempts of {@link #acquire()}; it doubles up to the maximum. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);

	/** Longest pause between two attempts of {@link #acquire()}. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(1500);

	private static final Logger logger = LoggerFactory.getLogger(TableMigrationLock.class);

	private final LockTable table;

	private final Duration heartbeat;

	private final Duration waitTimeout;

	private final String owner;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final LockLiveness liveness;

	/** Whether this instance saw the table exist: if it goes missing later, someone dropped it. */
	private volatile boolean seenTable;

	/** Whether the table has {@code holder_session}; {@code null} until an attempt looked. */
	private volatile @Nullable Boolean sessionColumn;

	/** Whether our connections own their server sessions; {@code null} until an attempt looked. */
	private volatile @Nullable Boolean ownsSession;

	/**
	 * @param dataSource where the lock table lives; each lock step borrows a connection briefly
	 * @param sql the lock table's SQL for this database
	 * @param qualifiedTable the lock table, schema-qualified and quoted as needed
	 * @param lease how long a holder may go without renewing
	 * @param heartbeat how often the holder renews
	 * @param waitTimeout how long {@link #acquire()} polls before giving up
	 * @param owner who we are (host, pid, application), stored in the row
	 */
	public TableMigrationLock(DataSource dataSource, LockSql sql, String qualifiedTable, Duration lease,
			Duration heartbeat, Duration waitTimeout, String owner) {
		this(dataSource, sql, qualifiedTable, lease, heartbeat, waitTimeout, owner, LockLiveness.AUTO);
	}

	/**
	 * @param dataSource where the lock table lives; each lock step borrows a connection briefly
	 * (with liveness, the holder keeps the one it took the lock on)
	 * @param sql the lock table's SQL for this database
	 * @param qualifiedTable the lock table, schema-qualified and quoted as needed
	 * @param lease how long a holder may go without renewing
	 * @param heartbeat how often the holder renews
	 * @param waitTimeout how long {@link #acquire()} polls before giving up
	 * @param owner who we are (host, pid, application), stored in the row
	 * @param liveness whether a holder whose session is gone is taken over before its lease ends
	 */
	public TableMigrationLock(DataSource dataSource, LockSql sql, String qualifiedTable, Duration lease,
			Duration heartbeat, Duration waitTimeout, String owner, LockLiveness liveness) {
		this(new LockTable(dataSource, sql, qualifiedTable, lease), heartbeat, waitTimeout, owner,
				DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, liveness);
	}

	private TableMigrationLock(LockTable table, Duration heartbeat, Duration waitTimeout, String owner,
			Duration initialBackoff, Duration maxBackoff, LockLiveness liveness) {
		requirePositive("lease", table.lease());
		requirePositive("heartbeat", heartbeat);
		requirePositive("initial backoff", initialBackoff);
		if (heartbeat.compareTo(table.lease()) >= 0) {
			throw new IllegalArgumentException("The heartbeat (" + heartbeat + ") must be shorter than the lease ("
					+ table.lease() + "), or the lease ends between two renewals");
		}
		if (waitTimeout.isNegative()) {
			throw new IllegalArgumentException("The wait timeout must not be negative: " + waitTimeout);
		}
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("The maximum backoff must not be less than the initial one");
		}
		this.table = table;
		this.heartbeat = heartbeat;
		this.waitTimeout = waitTimeout;
		// The column is varchar(255); a long host name must not make the lock unusable.
		this.owner = (owner.length() > 255) ? owner.substring(0, 255) : owner;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.liveness = liveness;
	}

	private static void requirePositive(String what, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("The " + what + " must be positive: " + duration);
		}
	}

	/**
	 * A copy of this lock that pauses between attempts from {@code initial}, doubling up to
	 * {@code max} (each pause with jitter).
	 */
	public TableMigrationLock withBackoff(Duration initial, Duration max) {
		return new TableMigrationLock(this.table, this.heartbeat, this.waitTimeout, this.owner, initial, max,
				this.liveness);
	}

	/**
	 * Creates the table and its row if missing; safe when many runners do it at once.
	 */
	public void createIfMissing() {
		try (Connection connection = this.table.connect()) {
			this.table.createIfMissing(connection);
			this.seenTable = true;
		}
		catch (SQLException ex) {
			throw this.table.failure("Could not create the migration lock table " + this.table.name(), ex);
		}
	}

	/**
	 * One attempt; never blocks on another runner.
	 */
	public Optional<LockLease> tryAcquire() {
		return attempt(System.nanoTime());
	}

	/**
	 * Polls with backoff and jitter until acquired or the wait timeout passes.
	 * @throws io.github.migrations.LockTimeoutException naming the holder
	 */
	public LockLease acquire() {
		return acquire(() -> true).orElseThrow();
	}

	/**
	 * Polls like {@link #acquire()}, but asks {@code stillNeeded} before each attempt after the
	 * first, and gives up without the lock when it answers {@code false}: a waiter can stop as
	 * soon as the holder has done its work for it.
	 * @param stillNeeded whether the lock is still wanted (called without the lock, between
	 * attempts)
	 * @return the lease, or empty when no longer needed
	 * @throws io.github.migrations.LockTimeoutException naming the holder
	 */
	public Optional<LockLease> acquire(BooleanSupplier stillNeeded) {
		long start = System.nanoTime();
		long deadline = start + this.waitTimeout.toNanos();
		long backoff = this.initialBackoff.toNanos();
		while (true) {
			Optional<LockLease> lease = attempt(start);
			if (lease.isPresent()) {
				return lease;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				LockInfo holder = read();
				throw new LockTimeoutException(this.table.name(), Duration.ofNanos(System.nanoTime() - start),
						holder.holder(), holder.lockedAt(), holder.leaseExpiresAt());
			}
			// Equal jitter: runners that started together spread out instead of polling in step.
			long pause = Math.min(left, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
			sleep(pause);
			backoff = Math.min(backoff * 2, this.maxBackoff.toNanos());
			if (!stillNeeded.getAsBoolean()) {
				return Optional.empty();
			}
		}
	}

	private Optional<LockLease> attempt(long start) {
		Connection connection = null;
		boolean kept = false;
		try {
			connection = this.table.connect();
			long sentAt = System.nanoTime();
			OptionalLong fence;
			SessionWrite write;
			try {
				if (!this.seenTable && this.table.knownMissing(connection)) {
					logger.info("Creating migration lock table {}", this.table.name());
					this.table.createIfMissing(connection);
				}
				write = sessionWrite(connection);
				fence = this.table.acquire(connection, this.owner, write, takeOverGone(write));
				this.seenTable = true;
			}
			catch (SQLException ex) {
				if (!this.table.isUndefinedTable(ex)) {
					throw ex;
				}
				if (this.seenTable) {
					logger.warn("Migration lock table {} was dropped; creating it again", this.table.name());
				}
				else {
					logger.info("Creating migration lock table {}", this.table.name());
				}
				try {
					this.table.createIfMissing(connection);
					this.sessionColumn = null;
					write = sessionWrite(connection);
					fence = this.table.acquire(connection, this.owner, write, takeOverGone(write));
				}
				catch (SQLException again) {
					// Dropped again, or another runner's creation is not visible yet: the next
					// poll tries once more.
					if (!this.table.isUndefinedTable(again)) {
						throw again;
					}
					return Optional.empty();
				}
			}
			if (fence.isEmpty() && rowMissing(connection)) {
				logger.warn("Migration lock row in {} is missing; creating it again", this.table.name());
				this.table.createIfMissing(connection);
				fence = this.table.acquire(connection, this.owner, write, takeOverGone(write));
			}
			if (fence.isEmpty()) {
				return Optional.empty();
			}
			// The session recorded in the row must live as long as we hold the lock, and no longer.
			boolean keep = write == SessionWrite.RECORD;
			LockLease lease = new LockLease(this.table, this.heartbeat, fence.getAsLong(),
					Duration.ofNanos(System.nanoTime() - start), sentAt, keep ? connection : null);
			kept = keep;
			logger.debug("Acquired migration lock {} with fence {}", this.table.name(), lease.fence());
			if (write == SessionWrite.NONE && Boolean.FALSE.equals(this.sessionColumn)
					&& this.table.addSessionColumn(connection)) {
				this.sessionColumn = true;
			}
			return Optional.of(lease);
		}
		catch (SQLException ex) {
			if (this.table.isConflictResolved(ex)) {
				// the database rolled this attempt back to let another runner's through
				logger.debug("Lost a lock-taking conflict on {} to another runner; polling again", this.table.name());
				return Optional.empty();
			}
			throw this.table.failure("Could not acquire the migration lock", ex);
		}
		finally {
			if (connection != null && !kept) {
				closeQuietly(connection);
			}
		}
	}

	/**
	 * What this attempt writes into {@code holder_session}, finding out once (on this
	 * connection) whether the table has the column and whether our connections own their
	 * server sessions.
	 */
	private SessionWrite sessionWrite(Connection connection) throws SQLException {
		if (!this.table.knowsSessions()) {
			return SessionWrite.NONE;
		}
		Boolean column = this.sessionColumn;
		if (column == null) {
			column = this.table.hasSessionColumn(connection);
			this.sessionColumn = column;
		}
		if (!column) {
			return SessionWrite.NONE;
		}
		if (this.liveness == LockLiveness.LEASE_ONLY) {
			return SessionWrite.CLEAR;
		}
		Boolean owns = this.ownsSession;
		if (owns == null) {
			owns = this.table.ownsServerSession(connection);
			this.ownsSession = owns;
			if (!owns) {
				logger.debug("Connections to {} do not reach the server's own port (a pooler or proxy in between): "
						+ "this runner's lock is kept by its lease alone", this.table.name());
			}
		}
		return owns ? SessionWrite.RECORD : SessionWrite.CLEAR;
	}

	private boolean takeOverGone(SessionWrite write) {
		return this.liveness == LockLiveness.AUTO && write != SessionWrite.NONE;
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close a lock connection", ex);
		}
	}

	/**
	 * Whether the table is there without its row. A table dropped between the acquiring
	 * {@code UPDATE} and this read counts as not missing the row: the next poll re-creates both.
	 */
	private boolean rowMissing(Connection connection) throws SQLException {
		try {
			return this.table.read(connection) == null;
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw ex;
			}
			return false;
		}
	}

	/**
	 * Reads the lock row without taking the lock. A missing table or row reads as never held.
	 */
	public LockInfo read() {
		try (Connection connection = this.table.connect()) {
			if (this.table.knownMissing(connection)) {
				return new LockInfo(false, null, null, null, 0);
			}
			LockRow row = this.table.read(connection);
			return (row != null) ? row.toInfo() : new LockInfo(false, null, null, null, 0);
		}
		catch (SQLException ex) {
			if (this.table.isUndefinedTable(ex)) {
				return new LockInfo(false, null, null, null, 0);
			}
			throw this.table.failure("Could not read the migration lock", ex);
		}
	}

	private static void sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationException("Interrupted while waiting for the migration lock",
					"The run was stopped from within the application; start it again.", ex);
		}
	}

}
