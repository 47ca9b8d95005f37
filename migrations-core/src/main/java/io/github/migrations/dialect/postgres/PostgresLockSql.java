package io.github.migrations.dialect.postgres;

import java.sql.SQLException;
import java.util.Set;

import io.github.migrations.dialect.StandardLockSql;

/**
 * Lock table SQL for PostgreSQL. {@code clock_timestamp()} rather than {@code now()}: the
 * latter is the transaction's start time, which would make a lease extended at the end of a
 * long migration transaction end in the past.
 */
final class PostgresLockSql extends StandardLockSql {

	/** The database's clock, read anew by every statement. */
	static final String CLOCK = "clock_timestamp()";

	/** unique_violation (a racing CREATE TABLE hits pg_type), duplicate_table. */
	private static final Set<String> ALREADY_EXISTS = Set.of("23505", "42P07", "42710");

	private static final String UNDEFINED_TABLE = "42P01";

	PostgresLockSql() {
		super(CLOCK, CLOCK + " + CAST(? AS double precision) * interval '1 millisecond'");
	}

	@Override
	public String insertRow(String table) {
		// NOT EXISTS reads the committed row without waiting; a bare ON CONFLICT would wait for a
		// running migration transaction that holds the row (a blocking wait outside the lock's
		// wait timeout). ON CONFLICT still settles two runners inserting at once.
		return "INSERT INTO " + table + " (id, is_locked, fence) "
				+ "SELECT 1, false, CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint) "
				+ "WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = 1) "
				+ "ON CONFLICT (id) DO NOTHING";
	}

	@Override
	protected String returningFence(String update) {
		return update + " RETURNING fence";
	}

	@Override
	public String settingsAndExtend(String table, int extra) {
		// A holder paused (SIGSTOP) inside a migration transaction would keep the row locked, and
		// a killed one would keep running its statement: the server ends such sessions itself.
		// client_connection_check_interval exists from PostgreSQL 14 (CASE keeps older servers
		// from failing on it). pgjdbc sends both statements of the text before waiting; the
		// extension runs only if the settings succeeded.
		return "SELECT set_config('idle_in_transaction_session_timeout', ?, true), "
				+ "CASE WHEN current_setting('server_version_num')::int >= 140000 "
				+ "THEN set_config('client_connection_check_interval', ?, true) END"
				+ ", set_config(?, ?, true)".repeat(extra) + ";\n" + extend(table);
	}

	@Override
	public boolean isAlreadyExists(SQLException ex) {
		return ALREADY_EXISTS.contains(ex.getSQLState());
	}

	@Override
	public boolean isUndefinedTable(SQLException ex) {
		return UNDEFINED_TABLE.equals(ex.getSQLState());
	}

}
