package io.github.migrations.test;

import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * What the reversibility check found for one migration.
 *
 * @param version the migration's version
 * @param name its name
 * @param result the result
 * @param diff the schema after its Down compared with the schema before its Up, or {@code null}
 * when the Down did not run
 * @param message why it failed or was skipped, or {@code null} when it passed
 */
public record MigrationOutcome(MigrationVersion version, String name, Result result, @Nullable SchemaDiff diff,
		@Nullable String message) {

	/**
	 * The result for one migration.
	 */
	public enum Result {

		/** Up, Down and Up again ran and the Down restored the schema. */
		PASSED,
		/** The Down did not restore the schema, or a step or a hook failed. */
		FAILED,
		/** Irreversible (no Down): applied but not reverted. */
		SKIPPED_IRREVERSIBLE,
		/** Not reached, because the check stopped at an earlier failure. */
		NOT_RUN

	}

	/**
	 * The migration as people name it: {@code 20240110090000 (create_users)}.
	 */
	public String migration() {
		return this.version + " (" + this.name + ")";
	}

}
