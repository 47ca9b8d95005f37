package io.github.migrations.preflight;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.preflight.DatabaseActivity.LockingSession;

/**
 * Sessions that hold or wait for a lock on a table the pending migrations touch and are idle in
 * transaction, or in a transaction that has run for long: a migration's DDL would queue behind
 * them until its lock timeout, and the application's queries on that table behind the DDL.
 * Each such session is a {@link PreflightStatus#BLOCKING} finding.
 * <p>
 * The body of an {@link ActivityCheck}.
 */
final class BlockingSessionsCheck {

	static final String ID = "blocking-sessions";

	private BlockingSessionsCheck() {
	}

	static List<PreflightResult> check(PreflightContext context, DatabaseActivity activity) throws SQLException {
		PreflightConfig settings = context.settings();
		List<LockingSession> sessions = activity.lockingSessions(context.connection(), context.tables(),
				settings.getIdleInTransactionThreshold(), settings.getLongRunningThreshold(),
				context.applicationName() + ":");
		if (sessions.isEmpty()) {
			return List.of(PreflightResult.passed(ID,
					"No session idle in transaction for " + settings.getIdleInTransactionThreshold()
							+ " or in a transaction older than " + settings.getLongRunningThreshold()
							+ " holds or waits for a lock on " + String.join(", ", context.tables())));
		}
		return sessions.stream().map((session) -> blocking(session, activity)).toList();
	}

	private static PreflightResult blocking(LockingSession session, DatabaseActivity activity) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("pid", String.valueOf(session.pid()));
		details.put("applicationName", String.valueOf(session.applicationName()));
		details.put("state", String.valueOf(session.state()));
		details.put("transactionStart", String.valueOf(session.transactionStart()));
		details.put("queryStart", String.valueOf(session.queryStart()));
		details.put("locks", session.locks());
		details.put("query", String.valueOf(session.query()));
		String what = session.waiting() ? "waits for" : "holds";
		return PreflightResult.blocking(ID, ("Session pid %d (application '%s', state '%s', transaction started %s) "
				+ "%s %s: the migration's DDL would queue behind it until its lock timeout, and queries on the "
				+ "table behind the DDL. Let its transaction finish, or end it (%s), "
				+ "then run again.").formatted(session.pid(), session.applicationName(), session.state(),
						session.transactionStart(), what, session.locks(), activity.endSession(session.pid())),
				details);
	}

}
