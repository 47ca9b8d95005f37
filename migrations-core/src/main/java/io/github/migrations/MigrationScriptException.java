package io.github.migrations;

import java.util.Map;

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

	protected MigrationScriptException(String summary, Map<String, ?> context, String action,
			@Nullable Throwable cause, String script, int line, @Nullable String sqlState) {
		super(summary, context, action, cause);
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
