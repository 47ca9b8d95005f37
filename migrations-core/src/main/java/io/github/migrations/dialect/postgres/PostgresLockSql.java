package io.github.migrations.dialect.postgres;

import java.sql.SQLException;
import java.util.Set;

import io.github.migrations.lock.LockSql;

/**
 * Lock table SQL for PostgreSQL. {@code clock_timestamp()} rather than {@code now()}: the
 * latter is the transaction's start time, which would make a lease extended at the end of a
 * long migration transaction end in the past.
 */
final class PostgresLockSql implements LockSql {

	/** unique_violation (a racing CREATE TABLE hits pg_type), duplicate_table. */
	private static final Set<String> ALREADY_EXISTS = Set.of("23505", "42P07", "42710");

	private static final String UNDEFINED_TABLE = "42P01";

	private static final String LEASE = "clock_timestamp() + CAST(? AS double precision) * interval '1 millisecond'";

	@Override
	public String createTable(String table) {
		return """
				CREATE TABLE IF NOT EXISTS %s (
				    id               integer      PRIMARY KEY,
				    is_locked        boolean      NOT NULL,
				    locked_by        varchar(255),
				    locked_at        timestamptz,
				    lease_expires_at timestamptz,
				    fence            bigint       NOT NULL
				)""".formatted(table);
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
	public String acquire(String table) {
		return "UPDATE " + table + " SET is_locked = true, locked_by = ?, locked_at = clock_timestamp(), "
				+ "lease_expires_at = " + LEASE + ", fence = fence + 1 "
				+ "WHERE id = (SELECT id FROM " + table + " WHERE id = 1 "
				+ "AND (NOT is_locked OR lease_expires_at < clock_timestamp()) FOR UPDATE SKIP LOCKED) "
				+ "RETURNING fence";
	}

	@Override
	public String renew(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + LEASE + " WHERE id = (SELECT id FROM " + table
				+ " WHERE id = 1 AND fence = ? AND is_locked FOR UPDATE SKIP LOCKED)";
	}

	@Override
	public String extend(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + LEASE + " WHERE id = 1 AND fence = ? AND is_locked";
	}

	@Override
	public String release(String table) {
		return "UPDATE " + table + " SET is_locked = false, lease_expires_at = clock_timestamp() "
				+ "WHERE id = 1 AND fence = ?";
	}

	@Override
	public String read(String table) {
		return "SELECT is_locked AND lease_expires_at >= clock_timestamp(), locked_by, locked_at, lease_expires_at, "
				+ "fence, is_locked FROM " + table + " WHERE id = 1";
	}

	@Override
	public String transactionSettings() {
		// A holder paused (SIGSTOP) inside a migration transaction would keep the row locked, and
		// a killed one would keep running its statement: the server ends such sessions itself.
		// client_connection_check_interval exists from PostgreSQL 14 (CASE keeps older servers
		// from failing on it).
		return "SELECT set_config('idle_in_transaction_session_timeout', ?, true), "
				+ "CASE WHEN current_setting('server_version_num')::int >= 140000 "
				+ "THEN set_config('client_connection_check_interval', ?, true) END";
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
