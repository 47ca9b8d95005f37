package io.github.migrations.dialect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.migrations.preflight.DatabaseActivity;
import io.github.migrations.parse.SqlStatement;

/**
 * PostgreSQL's view of sessions, locks and table sizes ({@code pg_stat_activity},
 * {@code pg_locks}, {@code pg_total_relation_size}), for the pre-flight checks.
 */
final class PostgresActivity implements DatabaseActivity {

	/**
	 * Words of the statements that resolve to relations; an index is replaced by its table, and
	 * the system catalogs are left out.
	 */
	private static final String TABLES_NAMED = """
			SELECT DISTINCT format('%I.%I', n.nspname, t.relname) AS name
			FROM unnest(?::text[]) AS candidate
			JOIN pg_class c ON c.oid = to_regclass(candidate)
			LEFT JOIN pg_index i ON i.indexrelid = c.oid
			JOIN pg_class t ON t.oid = coalesce(i.indrelid, c.oid)
			JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE t.relkind IN ('r', 'p', 'm', 'f')
			  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
			ORDER BY 1""";

	private static final String LIMIT_TRANSACTION = """
			SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true)""";

	/**
	 * Holders and waiters of relation locks on the tables, in this database, old enough to be in
	 * the way: idle in transaction for a while, or in a transaction running for long.
	 */
	private static final String LOCKING_SESSIONS = """
			WITH touched AS (
			    SELECT to_regclass(t) AS oid FROM unnest(?::text[]) AS t WHERE to_regclass(t) IS NOT NULL
			), locks AS (
			    SELECT l.pid,
			           string_agg(DISTINCT l.relation::regclass::text || ' ' || l.mode
			                      || CASE WHEN l.granted THEN '' ELSE ' (waiting)' END, ', ') AS locks,
			           bool_or(NOT l.granted) AS waiting
			    FROM pg_locks l
			    WHERE l.locktype = 'relation' AND l.relation IN (SELECT oid FROM touched)
			      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			      AND l.pid <> pg_backend_pid()
			    GROUP BY l.pid
			)
			SELECT a.pid, a.application_name, a.state, a.xact_start, a.query_start, l.locks, l.waiting,
			       left(regexp_replace(a.query, '\\s+', ' ', 'g'), 200) AS query
			FROM locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE left(coalesce(a.application_name, ''), length(?)) <> ?
			  AND ((a.state LIKE 'idle in transaction%'
			        AND a.state_change <= clock_timestamp() - ? * interval '1 millisecond')
			       OR a.xact_start <= clock_timestamp() - ? * interval '1 millisecond')
			ORDER BY a.xact_start, a.pid
			LIMIT 50""";

	/**
	 * pg_total_relation_size takes ACCESS SHARE on the table: the transaction's lock timeout
	 * bounds the wait behind a session holding ACCESS EXCLUSIVE.
	 */
	private static final String TABLE_SIZES = """
			SELECT t, pg_total_relation_size(to_regclass(t)) AS bytes
			FROM unnest(?::text[]) AS t
			WHERE to_regclass(t) IS NOT NULL
			ORDER BY 2 DESC, 1""";

	private static final String ACTIVE_SESSIONS = """
			SELECT coalesce(nullif(a.application_name, ''), '(none)') AS application, count(*) AS sessions
			FROM pg_stat_activity a
			WHERE a.datname = current_database() AND a.state = 'active' AND a.backend_type = 'client backend'
			  AND a.pid <> pg_backend_pid()
			  AND left(coalesce(a.application_name, ''), length(?)) <> ?
			GROUP BY 1
			ORDER BY 2 DESC, 1""";

	/**
	 * One row per standby, or one row of nulls without standbys (the primary's position is always
	 * there). pg_current_wal_lsn() fails on a standby, which a write operation never reaches.
	 */
	private static final String STANDBYS = """
			SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS position,
			       current_setting('synchronous_standby_names') AS synchronous_names,
			       r.pid IS NOT NULL AS connected, r.application_name, host(r.client_addr) AS address, r.state,
			       r.sync_state, (extract(epoch FROM r.replay_lag) * 1000)::bigint AS replay_lag_ms,
			       pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint AS bytes_behind,
			       pg_wal_lsn_diff(r.replay_lsn, '0/0')::bigint AS replayed
			FROM (SELECT 1) AS one LEFT JOIN pg_stat_replication r ON true
			ORDER BY r.application_name""";

	private static final String INACTIVE_SLOTS = """
			SELECT slot_name, slot_type, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained
			FROM pg_replication_slots
			WHERE NOT active AND restart_lsn IS NOT NULL
			ORDER BY 3 DESC, 1""";

	/**
	 * The existing tables that these statements name, schema-qualified and quoted as needed
	 * ({@code shop.orders}), each once; an index named stands for its table. Names resolve on the
	 * connection's search path, as they will when the migration runs.
	 */
	List<String> tablesNamedIn(Connection connection, List<SqlStatement> statements) throws SQLException {
		Set<String> candidates = new LinkedHashSet<>();
		statements.forEach((statement) -> candidates.addAll(PostgresDialect.relationCandidates(statement)));
		if (candidates.isEmpty()) {
			return List.of();
		}
		return query(connection, TABLES_NAMED, candidates, (rs) -> rs.getString(1));
	}

	@Override
	public void limitTransaction(Connection transaction, Duration timeout) throws SQLException {
		try (PreparedStatement statement = transaction.prepareStatement(LIMIT_TRANSACTION)) {
			statement.setString(1, timeout.toMillis() + "ms");
			statement.setString(2, timeout.toMillis() + "ms");
			statement.execute();
		}
	}

	@Override
	public List<LockingSession> lockingSessions(Connection connection, List<String> tables,
			Duration idleInTransaction, Duration longRunning, String ignoredApplicationPrefix) throws SQLException {
		if (tables.isEmpty()) {
			return List.of();
		}
		return query(connection, LOCKING_SESSIONS, tables,
				(rs) -> new LockingSession(rs.getInt("pid"), rs.getString("application_name"), rs.getString("state"),
						rs.getObject("xact_start", OffsetDateTime.class),
						rs.getObject("query_start", OffsetDateTime.class), rs.getString("locks"),
						rs.getBoolean("waiting"), rs.getString("query")),
				ignoredApplicationPrefix, ignoredApplicationPrefix, idleInTransaction.toMillis(),
				longRunning.toMillis());
	}

	@Override
	public List<TableSize> tableSizes(Connection connection, List<String> tables) throws SQLException {
		if (tables.isEmpty()) {
			return List.of();
		}
		return query(connection, TABLE_SIZES, tables, (rs) -> new TableSize(rs.getString(1), rs.getLong(2)));
	}

	@Override
	public ActiveSessions activeSessions(Connection connection, String ignoredApplicationPrefix)
			throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(ACTIVE_SESSIONS)) {
			query.setString(1, ignoredApplicationPrefix);
			query.setString(2, ignoredApplicationPrefix);
			Map<String, Integer> byApplication = new LinkedHashMap<>();
			int count = 0;
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					int sessions = rs.getInt("sessions");
					byApplication.put(rs.getString("application"), sessions);
					count += sessions;
				}
			}
			return new ActiveSessions(count, byApplication);
		}
	}

	@Override
	public Replication replication(Connection connection) throws SQLException {
		long position = 0;
		String synchronousNames = "";
		List<Standby> standbys = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(STANDBYS)) {
			while (rs.next()) {
				position = rs.getLong("position");
				synchronousNames = rs.getString("synchronous_names");
				if (!rs.getBoolean("connected")) {
					continue;
				}
				long lag = rs.getLong("replay_lag_ms");
				Duration replayLag = rs.wasNull() ? null : Duration.ofMillis(lag);
				long behind = rs.getLong("bytes_behind");
				behind = rs.wasNull() ? -1 : behind;
				long replayed = rs.getLong("replayed");
				replayed = rs.wasNull() ? -1 : replayed;
				standbys.add(new Standby(String.valueOf(rs.getString("application_name")), rs.getString("address"),
						rs.getString("state"), rs.getString("sync_state"), replayLag, behind, replayed));
			}
		}
		return new Replication(position, (synchronousNames != null) ? synchronousNames : "", standbys);
	}

	@Override
	public List<InactiveSlot> inactiveSlots(Connection connection) throws SQLException {
		List<InactiveSlot> slots = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(INACTIVE_SLOTS)) {
			while (rs.next()) {
				slots.add(new InactiveSlot(rs.getString(1), rs.getString(2), rs.getLong(3)));
			}
		}
		return slots;
	}

	/**
	 * Runs a query whose first parameter is a text array of names, then {@code more} parameters;
	 * one result per row.
	 */
	private static <T> List<T> query(Connection connection, String sql, Collection<String> names, Row<T> row,
			Object... more) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(sql)) {
			query.setArray(1, connection.createArrayOf("text", names.toArray()));
			for (int i = 0; i < more.length; i++) {
				query.setObject(i + 2, more[i]);
			}
			List<T> results = new ArrayList<>();
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					results.add(row.read(rs));
				}
			}
			return results;
		}
	}

	@FunctionalInterface
	private interface Row<T> {

		T read(ResultSet rs) throws SQLException;

	}

}
