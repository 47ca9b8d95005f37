package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * One thing validation found wrong.
 *
 * @param kind what is wrong
 * @param version the migration's version
 * @param script the local file, when there is one
 * @param expected the recorded value (checksum), when it applies
 * @param actual the local value (checksum), when it applies
 * @param message a sentence naming the file, version and values
 * @param action what to do
 */
public record ValidationProblem(Kind kind, @Nullable MigrationVersion version, @Nullable String script,
		@Nullable String expected, @Nullable String actual, String message, String action) {

	public enum Kind {

		/** An applied migration's file was edited after it ran. */
		CHECKSUM_MISMATCH,
		/** An applied migration has no local file, and newer local files exist. */
		MISSING,
		/** A pending file is older than the newest applied migration. */
		OUT_OF_ORDER,
		/** Two files declare the same version. */
		DUPLICATE_VERSION,
		/** A non-transactional migration failed part-way and was not repaired. */
		DIRTY,
		/** Pending migrations exist where none are allowed (validate mode). */
		PENDING

	}

	String describe() {
		return this.message;
	}

}
