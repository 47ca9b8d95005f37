package io.github.migrations.backfill;

import java.util.List;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * A backfill went through every batch, but a validation found work left undone; the backfill is
 * not marked done, so the migration fails.
 */
public class BackfillValidationException extends MigrationException {

	private final MigrationVersion version;

	private final String backfill;

	private final List<String> problems;

	BackfillValidationException(MigrationVersion version, String script, String backfill, List<String> problems,
			long rowsDone, @Nullable String lastKey, String progressTable) {
		super("Backfill '" + backfill + "' of migration " + version + " failed its validation: "
				+ String.join("; ", problems),
				context("migration", script, "backfill", backfill, "rows done", rowsDone, "last key",
						(lastKey != null) ? lastKey : "none (no batch)", "progress table", progressTable),
				"The backfill is not marked done. Fix the data or the batch work, then run repair "
						+ "(Migrator.repair()) and migrate again: the backfill resumes after the last key and "
						+ "validates again. To process every row again, delete its progress row first (DELETE FROM "
						+ progressTable + " WHERE version = '" + version + "' AND name = '" + backfill + "').",
				null);
		this.version = version;
		this.backfill = backfill;
		this.problems = List.copyOf(problems);
	}

	public MigrationVersion getVersion() {
		return this.version;
	}

	public String getBackfill() {
		return this.backfill;
	}

	/**
	 * What each failed validation reported.
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
