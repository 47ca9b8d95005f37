package io.github.migrations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.preflight.PreflightResult;

/**
 * A pre-flight check found a reason not to run the pending migrations now (a session holding a
 * lock they need, a run outside the maintenance window...). The checks run before the lock is
 * taken: nothing was created, changed or locked. Each blocking finding is listed with what to do.
 */
public class MigrationPreflightException extends MigrationException {

	private final List<PreflightResult> blocking;

	public MigrationPreflightException(List<PreflightResult> blocking) {
		super(summary(blocking), context(blocking),
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

	private static String summary(List<PreflightResult> blocking) {
		return "Pre-flight checks found " + blocking.size() + " blocking condition"
				+ ((blocking.size() == 1) ? "" : "s") + "; no migration was applied and nothing was changed";
	}

	private static Map<String, Object> context(List<PreflightResult> blocking) {
		Map<String, Object> context = new LinkedHashMap<>();
		for (PreflightResult result : blocking) {
			String unique = result.check();
			for (int n = 2; context.containsKey(unique); n++) {
				unique = result.check() + " (" + n + ")";
			}
			context.put(unique, result.message());
		}
		return context;
	}

}
