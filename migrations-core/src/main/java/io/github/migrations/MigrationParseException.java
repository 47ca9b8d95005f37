package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A migration file could not be read: bad name, no {@code -- +migrate Up} marker, an
 * unterminated quote or comment, invalid encoding. Names the file and, where there is one, the
 * line.
 */
public class MigrationParseException extends MigrationException {

	private final String script;

	private final int line;

	/**
	 * @param script the file (its location as discovered)
	 * @param line the 1-based line, or 0 when the problem is not on one line
	 * @param summary what is wrong
	 * @param action how to fix it
	 */
	public MigrationParseException(String script, int line, String summary, String action) {
		this(script, line, summary, action, null);
	}

	public MigrationParseException(String script, int line, String summary, String action,
			@Nullable Throwable cause) {
		super(summary, context("file", script, "line", (line > 0) ? line : null), action, cause);
		this.script = script;
		this.line = line;
	}

	public String getScript() {
		return this.script;
	}

	/**
	 * The 1-based line, or 0 when the problem is not on one line.
	 */
	public int getLine() {
		return this.line;
	}

}
