package io.github.migrations.preflight;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.migrations.preflight.DatabaseActivity.ActiveSessions;

/**
 * More sessions running a statement than the threshold: a {@link PreflightStatus#WARNING}, since
 * DDL that needs an exclusive lock queues behind them, and new queries behind the DDL.
 * <p>
 * The body of an {@link ActivityCheck}.
 */
final class ActiveConnectionsCheck {

	static final String ID = "active-connections";

	private ActiveConnectionsCheck() {
	}

	static List<PreflightResult> check(PreflightContext context, DatabaseActivity activity) throws SQLException {
		int threshold = context.settings().getActiveConnectionsThreshold();
		ActiveSessions active = activity.activeSessions(context.connection(), context.applicationName() + ":");
		if (active.count() <= threshold) {
			return List.of(PreflightResult.passed(ID,
					active.count() + " sessions are running a statement (threshold " + threshold + ")"));
		}
		String byApplication = active.byApplication()
			.entrySet()
			.stream()
			.limit(5)
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", "));
		Map<String, String> details = new LinkedHashMap<>();
		details.put("active", String.valueOf(active.count()));
		details.put("threshold", String.valueOf(threshold));
		details.put("byApplication", byApplication);
		return List.of(PreflightResult.warning(ID, ("%d sessions are running a statement, over %d (%s): DDL that "
				+ "needs an exclusive lock queues behind them and new queries queue behind the DDL. Prefer a quieter "
				+ "time, and keep migrations.lock-timeout short.").formatted(active.count(), threshold, byApplication),
				details));
	}

}
