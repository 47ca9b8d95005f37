package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A migration failed while it ran. For a transactional migration nothing of it remains; for a
 * non-transactional one the database is marked dirty and the message says how to repair it.
 */
public class MigrationExecutionException extends MigrationScriptException {

	private final @Nullable MigrationVersion version;

	private final boolean dirty;

	/**
	 * @param version the migration's version, or {@code null} for a repeatable migration (the
	 * message names its file instead)
	 */
	public MigrationExecutionException(@Nullable MigrationVersion version, String script, int line,
			@Nullable String statement, @Nullable String sqlState, @Nullable String databaseMessage, boolean dirty,
			String action, @Nullable Throwable cause) {
		super(((version != null) ? "Migration " + version : "Repeatable migration " + script) + " failed" + (dirty ? " part-way; the database is now dirty" : "")
				+ ((databaseMessage != null) ? ": " + databaseMessage : ""),
				"file", script, line, abbreviate(statement), sqlState, action, cause);
		this.version = version;
		this.dirty = dirty;
	}

	/**
	 * The version, or {@code null} for a repeatable migration.
	 */
	public @Nullable MigrationVersion getVersion() {
		return this.version;
	}

	/**
	 * Whether the failure left part of a non-transactional migration applied.
	 */
	public boolean isDirty() {
		return this.dirty;
	}

	private static @Nullable String abbreviate(@Nullable String statement) {
		if (statement == null) {
			return null;
		}
		String oneLine = statement.strip().replaceAll("\\s+", " ");
		return (oneLine.length() > 200) ? oneLine.substring(0, 197) + "..." : oneLine;
	}

}
