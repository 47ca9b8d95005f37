package io.github.migrations.lock;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The migration lock: a one-row table with a lease, a heartbeat and a fencing token. (Stub: being
 * written.)
 */
public final class TableMigrationLock {

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
	}

	/**
	 * Creates the table and its row if missing; safe when many runners do it at once.
	 */
	public void createIfMissing() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * One attempt; never blocks on another runner.
	 */
	public Optional<LockLease> tryAcquire() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Polls with backoff and jitter until acquired or the wait timeout passes.
	 * @throws io.github.migrations.LockTimeoutException naming the holder
	 */
	public LockLease acquire() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Reads the lock row without taking the lock.
	 */
	public LockInfo read() {
		throw new UnsupportedOperationException("not yet");
	}

}
