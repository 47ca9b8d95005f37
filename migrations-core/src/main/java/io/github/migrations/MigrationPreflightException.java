package io.github.migrations;

import java.util.List;

import io.github.migrations.preflight.PreflightResult;

/**
 * A pre-flight check found a reason not to run the pending migrations now (a session holding a
 * lock they need, a run outside the maintenance window...). The checks run before the lock is
 * taken: nothing was created, changed or locked. Each blocking finding is listed with what to do.
 */
public class MigrationPreflightException extends MigrationException {

	private final List<PreflightResult> blocking;

	public MigrationPreflightException(List<PreflightResult> blocking) {
		super("Pre-flight checks found " + Findings.count(blocking.size(), "blocking condition")
				+ "; no migration was applied and nothing was changed",
				Findings.context(blocking, PreflightResult::check, PreflightResult::message),
				"Do what each finding above says, then run again. To run anyway, skip a check with "
						+ "migrations.preflight.skip-checks=<check>, or all of them with migrations.preflight.enabled=false.",
				null);
		this.blocking = List.copyOf(blocking);
	}

	/**
	 * The blocking findings, in check order.
	 */
	public List<PreflightResult> getBlocking() {
		return this.blocking;
	}

}
