package io.github.migrations.rollback;

import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * What to roll back: exactly one of a number of steps, everything newer than a version, or the
 * last batch. A request that would revert every applied migration (the whole schema: the last
 * batch right after a first deploy, as many steps as are applied) is refused unless it names
 * version 0 or is {@link #confirmed() confirmed}.
 *
 * @param steps how many applied migrations to revert, newest first (0 when not used)
 * @param toVersion revert everything newer than this version (exclusive), or {@code null}
 * @param lastBatch revert every migration of the newest batch
 * @param dryRun only plan: return what would run, change nothing
 * @param actor who asks (a principal name, {@code anonymous}, {@code startup}), for the audit record
 * @param confirm the caller knows the request may revert every applied migration
 */
public record RollbackRequest(int steps, @Nullable MigrationVersion toVersion, boolean lastBatch, boolean dryRun,
		String actor, boolean confirm) {

	public RollbackRequest {
		int chosen = ((steps != 0) ? 1 : 0) + ((toVersion != null) ? 1 : 0) + (lastBatch ? 1 : 0);
		if (chosen != 1) {
			throw new IllegalArgumentException(
					"A rollback needs exactly one of steps, toVersion or lastBatch (got " + chosen + ")");
		}
		if (steps < 0) {
			throw new IllegalArgumentException("steps must be at least 1, was " + steps);
		}
	}

	/**
	 * A request without confirmation.
	 */
	public RollbackRequest(int steps, @Nullable MigrationVersion toVersion, boolean lastBatch, boolean dryRun,
			String actor) {
		this(steps, toVersion, lastBatch, dryRun, actor, false);
	}

	public static RollbackRequest steps(int steps, String actor) {
		return new RollbackRequest(steps, null, false, false, actor);
	}

	public static RollbackRequest toVersion(MigrationVersion version, String actor) {
		return new RollbackRequest(0, version, false, false, actor);
	}

	public static RollbackRequest lastBatch(String actor) {
		return new RollbackRequest(0, null, true, false, actor);
	}

	/**
	 * The same request as a dry run.
	 */
	public RollbackRequest asDryRun() {
		return new RollbackRequest(this.steps, this.toVersion, this.lastBatch, true, this.actor, this.confirm);
	}

	/**
	 * The same request, confirmed: allowed to revert every applied migration.
	 */
	public RollbackRequest confirmed() {
		return new RollbackRequest(this.steps, this.toVersion, this.lastBatch, this.dryRun, this.actor, true);
	}

}
