package io.github.migrations.lint;

/**
 * How bad a lint finding is. {@code migrations.lint=fail} stops a run on {@link #ERROR} and
 * {@link #WARNING}, never on {@link #ADVICE}.
 */
public enum Severity {

	/** Blocks traffic or fails outright on a live database (a table lock held for a scan or rewrite). */
	ERROR,

	/** Safe only under conditions the linter cannot see (the running release, the table size). */
	WARNING,

	/** A schema smell: works, but a better choice exists. */
	ADVICE;

	/**
	 * Whether {@code migrations.lint=fail} stops a run for this severity.
	 */
	public boolean failsRun() {
		return this != ADVICE;
	}

}
