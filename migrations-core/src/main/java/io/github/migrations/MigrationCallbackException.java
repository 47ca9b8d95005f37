package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A callback failed: a SQL callback file (named, with the line of the failing statement) or a
 * {@link MigrationCallback} bean (named by its class). What it did in its transaction is rolled
 * back; a failure in a per-migration callback rolls back the migration too.
 */
public class MigrationCallbackException extends MigrationException {

	private final MigrationCallback.Event event;

	private final String script;

	private final int line;

	private final @Nullable String sqlState;

	public MigrationCallbackException(MigrationCallback.Event event, String script, int line,
			@Nullable String statement, @Nullable String sqlState, @Nullable String databaseMessage,
			@Nullable Throwable cause) {
		super("Callback " + event.fileName() + " failed" + ((databaseMessage != null) ? ": " + databaseMessage : ""),
				context("callback", script, "line", (line > 0) ? line : null, "statement", statement, "SQLState",
						sqlState),
				(line > 0) ? "Fix the statement at line " + line + " of " + script
						+ " (callbacks run on every migrate: keep them re-runnable), then start again."
						: "Fix the callback " + script + ", then start again.",
				cause);
		this.event = event;
		this.script = script;
		this.line = line;
		this.sqlState = sqlState;
	}

	public MigrationCallback.Event getEvent() {
		return this.event;
	}

	/**
	 * The callback's file location, or its class name.
	 */
	public String getScript() {
		return this.script;
	}

	/**
	 * Line in the file where the failing statement starts, or 0 (Java callbacks).
	 */
	public int getLine() {
		return this.line;
	}

	public @Nullable String getSqlState() {
		return this.sqlState;
	}

}
