package io.github.migrations;

/**
 * The state of one migration, as {@link Migrator#status()} reports it.
 */
public enum MigrationState {

	/** Applied, and the local file matches what was applied. */
	APPLIED,
	/** Found locally, not applied yet. */
	PENDING,
	/** A non-transactional migration that failed part-way: the database is dirty. */
	FAILED,
	/** Applied by a newer release: newer than every local migration (not an error). */
	FUTURE,
	/** Applied, but its file is gone while newer local files exist. */
	MISSING,
	/** Applied, but its file was edited since. */
	CHECKSUM_MISMATCH,
	/** Pending and older than the newest applied migration (runs only when out-of-order is enabled). */
	OUT_OF_ORDER,
	/** Pending but newer than the configured target: not run. */
	ABOVE_TARGET,
	/** The baseline itself: a marker row or a baseline file that ran. */
	BASELINE,
	/** A local migration at or below the baseline: counts as applied, never runs. */
	BASELINED,
	/** A repeatable migration applied with its current checksum. */
	REPEATABLE,
	/** A repeatable migration whose file changed since it last ran: it runs again. */
	OUTDATED

}
