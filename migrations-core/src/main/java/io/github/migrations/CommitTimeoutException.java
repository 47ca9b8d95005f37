package io.github.migrations;

import java.time.Duration;

/**
 * The commit of a migration (or of a backfill's batch) waited longer than
 * {@code migrations.commit-timeout}, almost always for synchronous standbys that do not answer
 * ({@code synchronous_standby_names} names standbys that are down). The engine cancelled the
 * wait. PostgreSQL cannot take back a commit whose wait is cancelled: the transaction, history row
 * included, is committed on the primary, but no synchronous standby confirmed it, so it would be
 * lost if the primary failed before they catch up. The run stops after it.
 */
public class CommitTimeoutException extends MigrationException {

	/** What {@link #of} replaces: the watch of a commit does not know the migration. */
	static final String ANONYMOUS = "a migration's transaction";

	private final String what;

	private final Duration timeout;

	public CommitTimeoutException(String what, Duration timeout) {
		super("The commit of " + what + " waited more than " + timeout.toMillis() + " ms and was cancelled; "
				+ "it is committed on the primary but was not confirmed by the synchronous standbys",
				context("commit timeout", timeout),
				"Bring the synchronous standbys back (or change synchronous_standby_names) and run again: what "
						+ "committed counts as applied and does not run twice. Until a standby has it, a failover "
						+ "may lose it. Raise migrations.commit-timeout if commits are just slow.",
				null);
		this.what = what;
		this.timeout = timeout;
	}

	/**
	 * The transaction whose commit waited ({@code migration 3 (3_add_index.sql)}).
	 */
	public String getWhat() {
		return this.what;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Whether the watch that raised it did not know the migration (internal).
	 */
	public boolean isAnonymous() {
		return ANONYMOUS.equals(this.what);
	}

	/**
	 * The same failure, naming the migration (internal).
	 */
	public CommitTimeoutException of(String migration) {
		CommitTimeoutException named = new CommitTimeoutException("migration " + migration, this.timeout);
		named.setStackTrace(getStackTrace());
		return named;
	}

}
