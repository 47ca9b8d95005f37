package io.github.migrations.preflight;

import java.sql.SQLException;
import java.util.List;

/**
 * A built-in check that reads the database's activity views. It opens the same way each time:
 * <ol>
 * <li>skipped where the dialect has no such views (H2), saying which it needs;</li>
 * <li>for a check about the touched tables, passed when the pending migrations name no existing
 * table;</li>
 * <li>otherwise its body, with the views.</li>
 * </ol>
 *
 * @param id the check's id
 * @param needs the views it reads, as in "Needs the database's ..."
 * @param aboutTables whether it looks only at the touched tables
 * @param body the check itself
 */
record ActivityCheck(String id, String needs, boolean aboutTables, Body body) implements PreflightCheck {

	/** The built-in checks that read the views, in the order they run. */
	static final List<ActivityCheck> BUILT_IN = List.of(
			new ActivityCheck(BlockingSessionsCheck.ID, "session and lock views (pg_stat_activity, pg_locks)", true,
					BlockingSessionsCheck::check),
			new ActivityCheck(TableSizeCheck.ID, "table sizes (pg_total_relation_size)", true, TableSizeCheck::check),
			new ActivityCheck(ActiveConnectionsCheck.ID, "session view (pg_stat_activity)", false,
					ActiveConnectionsCheck::check),
			new ActivityCheck(ReplicationCheck.ID, "replication views (pg_stat_replication, pg_replication_slots)",
					false, ReplicationCheck::check));

	@Override
	public List<PreflightResult> check(PreflightContext context) throws SQLException {
		DatabaseActivity activity = context.activity();
		if (activity == null) {
			return List.of(PreflightResult.skipped(this.id,
					"Needs the database's " + this.needs + "; not available on " + context.vendor()));
		}
		if (this.aboutTables && context.tables().isEmpty()) {
			return List.of(PreflightResult.passed(this.id, "The pending migrations name no existing table"));
		}
		return this.body.check(context, activity);
	}

	/**
	 * What the check finds, given the views.
	 */
	@FunctionalInterface
	interface Body {

		List<PreflightResult> check(PreflightContext context, DatabaseActivity activity) throws SQLException;

	}

}
