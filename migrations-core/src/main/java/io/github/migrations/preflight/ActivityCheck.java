package io.github.migrations.preflight;

import java.sql.SQLException;
import java.util.List;


/**
 * A built-in check that reads the database's activity views. It opens the same way each time:
 * <ol>
 * <li>skipped where the dialect has no such views (H2), saying which it needs;</li>
 * <li>for a check about the touched tables, passed when the pending migrations name no existing
 * table;</li>
 * <li>otherwise the check itself, with the views.</li>
 * </ol>
 */
abstract class ActivityCheck implements PreflightCheck {

	private final String id;

	private final String needs;

	private final boolean aboutTables;

	/**
	 * @param needs the views it reads, as in "Needs the database's ..."
	 * @param aboutTables whether it looks only at the touched tables
	 */
	ActivityCheck(String id, String needs, boolean aboutTables) {
		this.id = id;
		this.needs = needs;
		this.aboutTables = aboutTables;
	}

	@Override
	public final String id() {
		return this.id;
	}

	@Override
	public final List<PreflightResult> check(PreflightContext context) throws SQLException {
		DatabaseActivity activity = context.activity();
		if (activity == null) {
			return List.of(PreflightResult.skipped(this.id,
					"Needs the database's " + this.needs + "; not available on " + context.vendor()));
		}
		if (this.aboutTables && context.tables().isEmpty()) {
			return List.of(PreflightResult.passed(this.id, "The pending migrations name no existing table"));
		}
		return check(context, activity);
	}

	abstract List<PreflightResult> check(PreflightContext context, DatabaseActivity activity) throws SQLException;

}
