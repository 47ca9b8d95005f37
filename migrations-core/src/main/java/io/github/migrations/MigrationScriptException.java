package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A script failed while it ran: a migration ({@link MigrationExecutionException}) or a callback
 * ({@link MigrationCallbackException}). Says which script, the line of the failing statement and
 * the database's SQLState.
 */
public abstract class MigrationScriptException extends MigrationException {

	private final String script;

	private final int line;

	private final @Nullable String sqlState;

	/**
	 * @param scriptKey what the script is called in the message's context ({@code file},
	 * {@code callback})
	 * @param statement the failing statement as the message shows it
	 */
	protected MigrationScriptException(String summary, String scriptKey, String script, int line,
			@Nullable String statement, @Nullable String sqlState, String action, @Nullable Throwable cause) {
		super(summary, context(scriptKey, script, "line", (line > 0) ? line : null, "statement", statement, "SQLState",
				sqlState), action, cause);
		this.script = script;
		this.line = line;
		this.sqlState = sqlState;
	}

	/**
	 * The script's file location; for a Java callback, its class name.
	 */
	public String getScript() {
		return this.script;
	}

	/**
	 * Line in the file where the failing statement starts, or 0 when unknown (a Java migration or
	 * callback).
	 */
	public int getLine() {
		return this.line;
	}

	public @Nullable String getSqlState() {
		return this.sqlState;
	}

}
