package io.github.migrations.preflight;

/**
 * The outcome of one pre-flight finding.
 */
public enum PreflightStatus {

	/** Nothing in the way. */
	PASSED,

	/** Worth knowing (logged, shown, counted); the run goes on. */
	WARNING,

	/** The run must not start: it stops before anything is changed. */
	BLOCKING,

	/** The check does not apply here (a PostgreSQL check on H2) or was switched off. */
	SKIPPED;

	/**
	 * Whether this is something an operator should look at (a WARN line each).
	 */
	public boolean needsAttention() {
		return this == WARNING || this == BLOCKING;
	}

}
