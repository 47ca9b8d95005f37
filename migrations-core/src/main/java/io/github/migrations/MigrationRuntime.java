package io.github.migrations;

import java.sql.Connection;
import java.time.Duration;

/**
 * What the engine lends a running Java migration beyond its connection, for helpers that commit
 * on their own inside a non-transactional migration (the batched
 * {@link io.github.migrations.backfill.Backfill}): transactions that prove the migration lock is
 * still held, and the run's listeners.
 * <p>
 * Available through {@link MigrationContext#runtime()} when the {@link Migrator} runs the
 * migration; {@code null} in a context created by hand.
 */
public interface MigrationRuntime {

	/**
	 * The migration being run.
	 */
	MigrationDescriptor migration();

	/**
	 * Runs {@code work} in a transaction of its own on the migration's connection and commits it.
	 * Its first statement is the lock's fence check (with the configured lock and statement
	 * timeouts), which keeps the lock row locked until the commit: a runner that lost the lock
	 * fails before {@code work} runs, and no other runner can take the lock over between the check
	 * and the commit. Any failure rolls the transaction back; after a lock timeout the whole
	 * transaction is run again with backoff, up to the configured lock retries (so {@code work}
	 * must do nothing outside the database). Only for a migration that is not
	 * transactional (its connection is in auto-commit); auto-commit is restored afterwards.
	 * @param work what to do in the transaction
	 * @return what {@code work} returned
	 * @throws LockLostException if the lock is no longer ours (nothing of {@code work} committed)
	 * @throws Exception whatever {@code work} threw, after the rollback
	 */
	<T> T inTransaction(TransactionWork<T> work) throws Exception;

	/**
	 * Proves in one autocommit statement that the lock is still ours (and extends its lease);
	 * call it before writing anything outside {@link #inTransaction}.
	 * @throws LockLostException if it is not
	 */
	void checkLock();

	/**
	 * The run's listeners (one that throws is logged and ignored).
	 */
	MigrationListener listener();

	/**
	 * Waits while any standby is further behind the primary than
	 * {@code migrations.backfill.max-replication-lag}, and returns at once when none is (or the
	 * database has no standbys, or the setting is off). Call it between two units of work that
	 * each commit (what the batched {@link io.github.migrations.backfill.Backfill} does between
	 * batches), never inside a transaction. A pause is logged when it begins and ends and is
	 * reported to {@link MigrationListener#replicationPaused}.
	 * @return how long it waited
	 */
	default Duration awaitReplicationLag() {
		return Duration.ZERO;
	}


	/**
	 * Work done in a transaction of {@link #inTransaction}.
	 */
	@FunctionalInterface
	interface TransactionWork<T> {

		/**
		 * @param transaction the migration's connection, auto-commit off; do not commit, roll back
		 * or close it
		 */
		T run(Connection transaction) throws Exception;

	}

}
