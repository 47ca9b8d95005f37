package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A callback failed: a SQL callback file (named, with the line of the failing statement) or a
 * {@link MigrationCallback} bean (named by its class). What it did in its transaction is rolled
 * back; a failure in a per-migration callback rolls back the migration too.
 */
public class MigrationCallbackException extends MigrationScriptException {

	private final MigrationCallback.Event event;

	public MigrationCallbackException(MigrationCallback.Event event, String script, int line,
			@Nullable String statement, @Nullable String sqlState, @Nullable String databaseMessage,
			@Nullable Throwable cause) {
		super("Callback " + event.fileName() + " failed" + ((databaseMessage != null) ? ": " + databaseMessage : ""),
				"callback", script, line, statement, sqlState,
				(line > 0) ? "Fix the statement at line " + line + " of " + script
						+ " (callbacks run on every migrate: keep them re-runnable), then start again."
						: "Fix the callback " + script + ", then start again.",
				cause);
		this.event = event;
	}

	public MigrationCallback.Event getEvent() {
		return this.event;
	}

}
