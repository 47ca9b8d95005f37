package io.github.migrations;

import java.util.Locale;

/**
 * Which foreign history the first run imports when the history table does not exist yet
 * ({@code migrations.import-history}). The foreign table is only read, never written: switching
 * back to the other tool stays possible.
 */
public enum HistoryImport {

	/** Look for each known table below, in this order, and import the first found. */
	AUTO,
	/** Flyway's {@code flyway_schema_history} (the name is {@code migrations.import-flyway-table}). */
	FLYWAY,
	/** sql-migrate's {@code gorp_migrations}. */
	SQL_MIGRATE,
	/** goose's {@code goose_db_version}. */
	GOOSE,
	/** golang-migrate's {@code schema_migrations} (set {@code migrations.table} to another name). */
	GOLANG_MIGRATE,
	/** Import nothing. */
	NONE;

	/**
	 * The tool's name as its users write it: {@code flyway}, {@code sql-migrate}, {@code goose},
	 * {@code golang-migrate}.
	 */
	public String toolName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
