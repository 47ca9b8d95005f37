package io.github.migrations;

import java.time.Duration;
import java.util.List;

import io.github.migrations.lint.LintViolation;
import io.github.migrations.preflight.PreflightResult;

import io.github.migrations.backfill.BackfillProgress;

/**
 * Receives what the engine does, for metrics, tracing and logs. Methods are called on the
 * migrating thread; they must be quick and must not throw (an exception is logged and ignored).
 */
public interface MigrationListener {

	/**
	 * A run (migrate or rollback) is starting, before the lock is taken.
	 * @param operation {@code migrate} or {@code rollback}
	 */
	default void runStarted(String operation) {
	}

	/**
	 * The linter looked at the pending migrations of a migrate run (PostgreSQL, MariaDB,
	 * MySQL; lint not off),
	 * before the lock is taken and before {@code migrations.lint=fail} stops the run.
	 * @param violations every finding, waived ones excluded; empty when the migrations lint clean
	 */
	default void migrationsLinted(List<LintViolation> violations) {
	}

	/**
	 * The pre-flight checks of a migrate run with pending migrations ended, before the lock is
	 * taken and before a blocking finding stops the run.
	 * @param results every finding, in check order
	 */
	default void preflightChecked(List<PreflightResult> results) {
	}

	/**
	 * The lock wait ended.
	 * @param waited how long the runner waited
	 * @param acquired whether the lock was acquired (false: timeout)
	 */
	default void lockWaited(Duration waited, boolean acquired) {
	}

	/**
	 * The first run imported a foreign history (Flyway's, sql-migrate's, goose's or
	 * golang-migrate's) into the history table, under the lock, in one committed transaction.
	 */
	default void historyImported(ImportedHistory imported) {
	}

	/**
	 * A migration is about to run.
	 */
	default void migrationStarted(MigrationDescriptor migration, Direction direction) {
	}

	/**
	 * A migration has been running longer than the slow threshold; called again each time the
	 * elapsed time doubles, on a background thread, while the migration goes on.
	 */
	default void migrationSlow(MigrationDescriptor migration, Direction direction, Duration elapsed) {
	}

	/**
	 * A migration ran and its history change committed.
	 */
	default void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
	}

	/**
	 * A migration failed.
	 */
	default void migrationFailed(MigrationDescriptor migration, Direction direction, Duration duration,
			Throwable failure) {
	}

	/**
	 * The run ended (successfully or not); {@code result} tells which.
	 */
	default void runFinished(RunResult result) {
	}

	/**
	 * A batch of a {@link io.github.migrations.backfill.Backfill} committed (its rows and its
	 * progress row together).
	 * @param migration the Java migration running the backfill
	 * @param progress the batch and the totals so far
	 */
	default void backfillProgress(MigrationDescriptor migration, BackfillProgress progress) {
	}

	/**
	 * A migration resumed after pausing for a standby that was too far behind (a backfill between
	 * two batches, or a Java migration that asked).
	 */
	default void replicationPaused(MigrationDescriptor migration, ReplicationPause pause) {
	}

}
