package io.github.migrations.execute;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.migrations.dialect.Dialect;
import io.github.migrations.lock.LockLease;
import org.jspecify.annotations.Nullable;

/**
 * How each migration runs.
 *
 * @param lockTimeout database lock timeout per migration transaction, or {@code null}
 * @param statementTimeout statement timeout per migration transaction, or {@code null}
 * @param lockRetries how often a transactional migration is retried after a lock timeout
 * @param installedBy recorded in the history, or {@code null} for the database user
 * @param applicationName shown in the database's session list while a migration runs
 * @param commitTimeout how long a commit may wait (for synchronous standbys), or {@code null}
 * @param maxReplicationLag how far behind a standby may be before a backfill pauses, or
 * {@code null}
 */
public record ExecutionSettings(@Nullable Duration lockTimeout, @Nullable Duration statementTimeout, int lockRetries,
		@Nullable String installedBy, String applicationName, @Nullable Duration commitTimeout,
		@Nullable Duration maxReplicationLag) {

	/**
	 * Settings without a commit timeout and without a replication throttle.
	 */
	public ExecutionSettings(@Nullable Duration lockTimeout, @Nullable Duration statementTimeout, int lockRetries,
			@Nullable String installedBy, String applicationName) {
		this(lockTimeout, statementTimeout, lockRetries, installedBy, applicationName, null, null);
	}

	/**
	 * These settings with the replication throttle off.
	 */
	ExecutionSettings withoutReplicationLag() {
		return new ExecutionSettings(this.lockTimeout, this.statementTimeout, this.lockRetries, this.installedBy,
				this.applicationName, this.commitTimeout, null);
	}

	/**
	 * The transaction-scoped settings of a migration transaction run under {@code lease}: the
	 * timeouts, and the application name with the fence, so an operator can tell the runner's
	 * sessions apart in the database's session list.
	 */
	Map<String, String> transactionSettings(Dialect dialect, LockLease lease) {
		return dialect.transactionSettings(this.lockTimeout, this.statementTimeout,
				this.applicationName + ":" + lease.fence());
	}

	/**
	 * How long to wait before retry {@code attempt} (from 1) of a transaction that hit the lock
	 * timeout: exponential from 200 ms, at most 5 s, with jitter over its upper half so that
	 * runners retrying together spread out.
	 */
	static long retryBackoffMillis(int attempt) {
		long base = Math.min(5_000, 100L << Math.min(attempt, 6));
		return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
	}

}
