package io.github.migrations.dialect.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

import io.github.migrations.dialect.StandardLockSql;
import org.jspecify.annotations.Nullable;

/**
 * Lock table SQL for PostgreSQL. {@code clock_timestamp()} rather than {@code now()}: the
 * latter is the transaction's start time, which would make a lease extended at the end of a
 * long migration transaction end in the past.
 * <p>
 * A holder's session is its backend pid and start time ({@code pg_stat_activity.backend_start}
 * in microseconds since the epoch: a pid reused by a later session, or after a restart, has a
 * later start). {@code pg_stat_activity} lists every session's pid to every user; another user's
 * start time is hidden without {@code pg_read_all_stats}, and then the pid alone keeps the holder
 * alive (a reused pid only makes a waiter wait out the lease).
 */
final class PostgresLockSql extends StandardLockSql {

	/** The database's clock, read anew by every statement. */
	static final String CLOCK = "clock_timestamp()";

	/** unique_violation (a racing CREATE TABLE hits pg_type), duplicate_table. */
	private static final Set<String> ALREADY_EXISTS = Set.of("23505", "42P07", "42710");

	private static final String UNDEFINED_TABLE = "42P01";

	private static final String UNDEFINED_COLUMN = "42703";

	/**
	 * The SQLState the pipelined fence raises when the lock is not ours (class {@code MG}, which
	 * PostgreSQL does not use).
	 */
	static final String FENCE_REFUSED = "MGL01";

	private static final String FENCE_BODY_TAG = "$migrations_fence$";

	/** The port pgjdbc uses when the URL names none. */
	private static final int DEFAULT_PORT = 5432;

	private static final String SESSION = "pg_backend_pid() || ':' || (SELECT "
			+ startMicros("backend_start") + " FROM pg_stat_activity WHERE pid = pg_backend_pid())";

	private static final String HOLDER_GONE = "holder_session LIKE CAST(fence AS varchar) || '/%' AND NOT EXISTS ("
			+ "SELECT 1 FROM pg_stat_activity a WHERE holder_session LIKE CAST(fence AS varchar) || '/' || a.pid || ':%' "
			+ "AND (a.backend_start IS NULL OR holder_session = CAST(fence AS varchar) || '/' || a.pid || ':' || "
			+ startMicros("a.backend_start") + "))";

	/**
	 * Appended to the {@code WHERE} of the lock's own autocommit writes (take, renew, release):
	 * they commit without waiting for synchronous standbys. A standby that is down then cannot
	 * hang the lock (the heartbeat, the release after a failed run) where nothing bounds a commit's
	 * wait; the migrations' own transactions, with their fence, still wait (see
	 * {@code migrations.commit-timeout}). A lock row that a failover loses is no loss: the new
	 * primary's row is an older state, which the lease and the fence already handle.
	 */
	private static final String LOCAL_COMMIT = " AND set_config('synchronous_commit', 'local', true) IS NOT NULL";

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

	private static String startMicros(String column) {
		// an integer: the text of a float would depend on the session's extra_float_digits
		return "CAST(extract(epoch FROM " + column + ") * 1000000 AS bigint)";
	}

	@Override
	protected String session() {
		return SESSION;
	}

	@Override
	protected String holderGone() {
		return HOLDER_GONE;
	}

	@Override
	public String addSessionColumn(String table) {
		// Never queue the other runners' polls behind an ALTER waiting for someone's open
		// transaction on the lock table: give up, and try again at the next acquisition.
		return "SET LOCAL lock_timeout = '2s';\n" + super.addSessionColumn(table);
	}

	@Override
	public boolean isUndefinedColumn(SQLException ex) {
		return UNDEFINED_COLUMN.equals(ex.getSQLState());
	}

	/**
	 * Whether the server accepted this connection on a port the JDBC URL names: a pooler or proxy
	 * listens on a port of its own (PgBouncer's 6432) and connects to the server's, and a Unix
	 * socket (no port) is not trusted either. A pooler listening on the server's port number on
	 * another host is not detected here; the heartbeat's {@code renewInSession} then notices when
	 * it moves the connection to another server session.
	 */
	@Override
	public boolean ownsServerSession(Connection connection) throws SQLException {
		int port;
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT inet_server_port()")) {
			rs.next();
			port = rs.getInt(1);
			if (rs.wasNull()) {
				return false;
			}
		}
		return urlPorts(connection.getMetaData().getURL()).contains(port);
	}

	/**
	 * The ports a pgjdbc URL names ({@code jdbc:postgresql://h1:p1,h2/db}, 5432 where a host names
	 * none, also for the host-less forms); empty when it is not such a URL.
	 */
	static Set<Integer> urlPorts(@Nullable String url) {
		return urlPorts(url, "jdbc:postgresql:", DEFAULT_PORT);
	}

	@Override
	protected String returningFence(String update) {
		return update + LOCAL_COMMIT + " RETURNING fence";
	}

	@Override
	public String renew(String table) {
		return super.renew(table) + LOCAL_COMMIT;
	}

	@Override
	public String renewInSession(String table, boolean record) {
		return super.renewInSession(table, record) + LOCAL_COMMIT;
	}

	@Override
	public String release(String table) {
		return super.release(table) + LOCAL_COMMIT;
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

	/**
	 * A {@code DO} block (PL/pgSQL, present in every database unless dropped by hand): the settings
	 * of {@link #settingsAndExtend}, the lock row locked while the fence is ours (the lock an
	 * {@code UPDATE} takes, without writing a new row version: the lease is extended at the end,
	 * {@link #extendIfAged}, when it aged), and {@code RAISE} with {@link #FENCE_REFUSED} when it
	 * found no row of ours. Its values are numbers and literals quoted here, so it needs no
	 * parameters.
	 */
	@Override
	public String raisingFence(String table, long leaseMillis, long checkIntervalMillis, Map<String, String> settings,
			long fence) {
		StringBuilder body = new StringBuilder("DO " + FENCE_BODY_TAG + "BEGIN\nPERFORM set_config('idle_in_transaction_session_timeout', '")
			.append(leaseMillis)
			.append("', true), CASE WHEN current_setting('server_version_num')::int >= 140000 "
					+ "THEN set_config('client_connection_check_interval', '")
			.append(checkIntervalMillis)
			.append("', true) END");
		for (Map.Entry<String, String> setting : settings.entrySet()) {
			body.append(", set_config(")
				.append(PostgresLiterals.string(setting.getKey()))
				.append(", ")
				.append(PostgresLiterals.string(setting.getValue()))
				.append(", true)");
		}
		body.append(";\nPERFORM 1 FROM ")
			.append(table)
			.append(" WHERE id = 1 AND fence = ")
			.append(fence)
			.append(" AND is_locked FOR NO KEY UPDATE;\nIF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '")
			.append(FENCE_REFUSED)
			.append("', MESSAGE = ")
			.append(PostgresLiterals.string("the migration lock " + table + " is not held with fence " + fence))
			.append("; END IF;\nEND" + FENCE_BODY_TAG);
		String text = body.toString();
		if (text.indexOf(FENCE_BODY_TAG, 3 + FENCE_BODY_TAG.length()) != text.length() - FENCE_BODY_TAG.length()) {
			throw new IllegalArgumentException("A setting or the lock table name contains " + FENCE_BODY_TAG);
		}
		return text;
	}

	@Override
	public boolean isFenceRefused(SQLException ex) {
		return FENCE_REFUSED.equals(ex.getSQLState());
	}

	@Override
	public String extendIfAged(String table, long leaseMillis, long fence) {
		return "UPDATE " + table + " SET lease_expires_at = " + leaseEnd(leaseMillis) + " WHERE id = 1 AND fence = "
				+ fence + " AND is_locked AND lease_expires_at < " + leaseEnd(leaseMillis * 2 / 3);
	}

	private static String leaseEnd(long millis) {
		return CLOCK + " + " + millis + " * interval '1 millisecond'";
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
