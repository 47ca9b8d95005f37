package io.github.migrations.dialect.mariadb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.migrations.parse.LexicalRules;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.Token;
import io.github.migrations.preflight.DatabaseActivity;
import org.jspecify.annotations.Nullable;

/**
 * What MariaDB and MySQL tell about sessions, metadata locks and table sizes, for the pre-flight
 * checks and the report of who blocked a statement that hit the lock timeout:
 * <ol>
 * <li>the sessions from {@code information_schema.PROCESSLIST} (id, user, host, command, time,
 * statement) with their open InnoDB transaction from {@code information_schema.INNODB_TRX} (when
 * it started);</li>
 * <li>which of them hold or wait for a metadata lock on a table from
 * {@code performance_schema.metadata_locks}, where the performance schema is on and its
 * metadata-lock instrument enabled (MySQL 8's default; MariaDB's performance schema is off by
 * default). Asked once per connection's server;</li>
 * <li>without it, a session whose transaction is open in one of the tables' databases is reported
 * as possibly holding them: a transaction that read a table holds its metadata lock until it
 * ends, and nothing else tells which tables it read;</li>
 * <li>table sizes from {@code information_schema.TABLES} (data and indexes).</li>
 * </ol>
 * A MariaDB session has no application name: the checks name sessions by {@code user@host}, and
 * cannot leave other runners' sessions out by name; a session running DDL is taken for a runner
 * and left out of the pre-flight findings (not out of the lock-timeout report).
 */
final class MariaDbActivity implements DatabaseActivity {

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

	private static final List<String> DDL = List.of("ALTER", "CREATE", "DROP", "RENAME", "TRUNCATE", "OPTIMIZE");

	private static final String METADATA_LOCKS_ENABLED = "SELECT COUNT(*) FROM performance_schema.setup_instruments "
			+ "WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES'";

	/**
	 * The sessions of this server other than the inspecting one, with their transaction (if any)
	 * and its age by the server's clock (both in the session's time zone: the difference is
	 * what counts). {@code trx_started} has whole seconds, so the age errs by up to a second on the
	 * long side.
	 */
	private static final String SESSIONS = """
			SELECT p.ID, p.USER, p.HOST, p.DB, p.COMMAND, p.TIME, p.STATE, LEFT(p.INFO, 200) AS INFO,
			       t.trx_started, TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) DIV 1000 AS trx_millis,
			       UTC_TIMESTAMP(6) AS utc_now, NOW(6) AS local_now
			FROM information_schema.PROCESSLIST p
			LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
			WHERE p.ID <> CONNECTION_ID() AND p.COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Binlog Dump GTID')""";

	private static final String METADATA_LOCKS = """
			SELECT t.PROCESSLIST_ID, m.OBJECT_SCHEMA, m.OBJECT_NAME, m.LOCK_TYPE, m.LOCK_STATUS
			FROM performance_schema.metadata_locks m
			JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
			WHERE m.OBJECT_TYPE = 'TABLE' AND t.PROCESSLIST_ID IS NOT NULL AND t.PROCESSLIST_ID <> CONNECTION_ID()""";

	private final LexicalRules rules;

	private final MariaDbDialect dialect;

	private volatile @Nullable Boolean metadataLocks;

	MariaDbActivity(MariaDbDialect dialect, LexicalRules rules) {
		this.dialect = dialect;
		this.rules = rules;
	}

	/**
	 * The existing tables the statements name, as {@code database.table} (quoted with backticks
	 * where a name needs it), each once; a name without a database is the connection's.
	 */
	List<String> tablesNamedIn(Connection connection, List<SqlStatement> statements) throws SQLException {
		Set<List<String>> candidates = new LinkedHashSet<>();
		for (SqlStatement statement : statements) {
			candidates.addAll(candidates(statement));
			if (candidates.size() > 400) {
				break;
			}
		}
		if (candidates.isEmpty()) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
				+ "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', "
				+ "'performance_schema', 'sys') AND (");
		List<String> parameters = new ArrayList<>();
		for (List<String> candidate : candidates) {
			if (!parameters.isEmpty()) {
				sql.append(" OR ");
			}
			if (candidate.size() == 2) {
				sql.append("(TABLE_SCHEMA = ? AND TABLE_NAME = ?)");
				parameters.add(candidate.get(0));
			}
			else {
				sql.append("(TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?)");
			}
			parameters.add(candidate.get(candidate.size() - 1));
		}
		sql.append(") ORDER BY 1, 2");
		List<String> tables = new ArrayList<>();
		try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < parameters.size(); i++) {
				query.setString(i + 1, parameters.get(i));
			}
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					tables.add(qualified(rs.getString(1), rs.getString(2)));
				}
			}
		}
		return tables;
	}

	/**
	 * Names and dotted names in the statement, outside literals and comments: {@code [name]} or
	 * {@code [database, name]}.
	 */
	private List<List<String>> candidates(SqlStatement statement) {
		SqlStatement read = new SqlStatement(statement.sql(), statement.line(), null, this.rules);
		List<Token> tokens = read.tokens();
		List<List<String>> names = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			if (!token.isName() || token.text().isEmpty()) {
				continue;
			}
			if (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 2).isName()) {
				names.add(List.of(token.text(), tokens.get(i + 2).text()));
				i += 2;
			}
			else {
				names.add(List.of(token.text()));
			}
		}
		return names;
	}

	/**
	 * {@code database.table}, each part in backticks where it is not a plain name.
	 */
	static String qualified(String database, String table) {
		return quoteIfNeeded(database) + "." + quoteIfNeeded(table);
	}

	private static String quoteIfNeeded(String name) {
		return PLAIN_NAME.matcher(name).matches() ? name : "`" + name.replace("`", "``") + "`";
	}

	/**
	 * {@link #qualified} read back: database and table.
	 */
	static List<String> parse(String qualified) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < qualified.length(); i++) {
			char c = qualified.charAt(i);
			if (c == '`') {
				if (quoted && i + 1 < qualified.length() && qualified.charAt(i + 1) == '`') {
					part.append('`');
					i++;
				}
				else {
					quoted = !quoted;
				}
			}
			else if (c == '.' && !quoted) {
				parts.add(part.toString());
				part.setLength(0);
			}
			else {
				part.append(c);
			}
		}
		parts.add(part.toString());
		return parts;
	}

	/**
	 * Bounds the lock waits of the checks' queries ({@code lock_wait_timeout},
	 * {@code innodb_lock_wait_timeout}, in whole seconds). These are session settings:
	 * {@link #endChecks} sets them back.
	 */
	@Override
	public void limitTransaction(Connection transaction, Duration timeout) throws SQLException {
		this.dialect.setLockTimeout(transaction, timeout);
	}

	@Override
	public void endChecks(Connection connection) throws SQLException {
		this.dialect.resetLockTimeout(connection);
	}

	@Override
	public List<LockingSession> lockingSessions(Connection connection, List<String> tables,
			Duration idleInTransaction, Duration longRunning, String ignoredApplicationPrefix) throws SQLException {
		if (tables.isEmpty()) {
			return List.of();
		}
		List<LockingSession> found = new ArrayList<>();
		for (Session session : holders(connection, tables)) {
			if (session.runsDdl()) {
				// a session has no application name here: one running DDL is taken for a migration
				// runner, which this run waits for at the lock (a person's DDL still ends in the
				// lock timeout and its report)
				continue;
			}
			boolean idleLong = session.idle() && session.transactionMillis() != null
					&& session.seconds() * 1000L >= idleInTransaction.toMillis();
			boolean runningLong = session.transactionMillis() != null
					&& session.transactionMillis() >= longRunning.toMillis();
			if (session.waiting() || idleLong || runningLong) {
				found.add(session.toLockingSession());
			}
		}
		return found;
	}

	/**
	 * The sessions that hold or wait for a metadata lock on the tables (or, without the metadata
	 * lock view, have a transaction open in their databases), oldest transaction first.
	 */
	List<Session> holders(Connection connection, List<String> tables) throws SQLException {
		Set<String> databases = new LinkedHashSet<>();
		Set<List<String>> named = new LinkedHashSet<>();
		for (String table : tables) {
			List<String> parts = parse(table);
			if (parts.size() == 2) {
				databases.add(parts.get(0));
				named.add(parts);
			}
		}
		Map<Long, Session> sessions = sessions(connection);
		List<Session> holders = new ArrayList<>();
		if (metadataLocks(connection)) {
			Map<Long, List<String>> locks = new LinkedHashMap<>();
			Map<Long, Boolean> waiting = new LinkedHashMap<>();
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery(METADATA_LOCKS)) {
				while (rs.next()) {
					List<String> table = List.of(rs.getString(2), rs.getString(3));
					if (!named.contains(table) && !named.contains(List.of(table.get(0), "*"))) {
						continue;
					}
					long id = rs.getLong(1);
					boolean granted = "GRANTED".equalsIgnoreCase(rs.getString(5));
					locks.computeIfAbsent(id, (k) -> new ArrayList<>())
						.add(qualified(table.get(0), table.get(1)) + " " + rs.getString(4) + (granted ? "" : " (waiting)"));
					waiting.merge(id, !granted, Boolean::logicalOr);
				}
			}
			for (Map.Entry<Long, List<String>> entry : locks.entrySet()) {
				Session session = sessions.get(entry.getKey());
				if (session != null) {
					holders.add(session.with(String.join(", ", entry.getValue()), waiting.get(entry.getKey())));
				}
			}
		}
		else {
			for (Session session : sessions.values()) {
				if (session.transactionMillis() != null && session.database() != null
						&& databases.contains(session.database())) {
					holders.add(session.with("possibly " + String.join(", ", tables)
							+ " (an open transaction in " + session.database()
							+ "; performance_schema.metadata_locks is off, so the tables it read are unknown)", false));
				}
			}
		}
		holders.sort((a, b) -> Long.compare((b.transactionMillis() != null) ? b.transactionMillis() : -1,
				(a.transactionMillis() != null) ? a.transactionMillis() : -1));
		return holders;
	}

	private boolean metadataLocks(Connection connection) {
		Boolean known = this.metadataLocks;
		if (known == null) {
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery(METADATA_LOCKS_ENABLED)) {
				known = rs.next() && rs.getInt(1) > 0;
			}
			catch (SQLException ex) {
				// the performance schema is off (its tables are then empty or missing)
				known = false;
			}
			this.metadataLocks = known;
		}
		return known;
	}

	private Map<Long, Session> sessions(Connection connection) throws SQLException {
		Map<Long, Session> sessions = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(SESSIONS)) {
			while (rs.next()) {
				LocalDateTime started = rs.getObject("trx_started", LocalDateTime.class);
				OffsetDateTime transactionStart = null;
				if (started != null) {
					// trx_started is in the session's time zone: moved to UTC by the server's own offset
					Duration offset = Duration.between(rs.getObject("utc_now", LocalDateTime.class),
							rs.getObject("local_now", LocalDateTime.class));
					transactionStart = started.minus(offset).atOffset(ZoneOffset.UTC);
				}
				long millis = rs.getLong("trx_millis");
				Long transactionMillis = rs.wasNull() ? null : millis;
				long id = rs.getLong("ID");
				sessions.put(id, new Session(id, rs.getString("USER") + "@" + rs.getString("HOST"), rs.getString("DB"),
						rs.getString("COMMAND"), rs.getLong("TIME"), rs.getString("STATE"), rs.getString("INFO"),
						transactionStart, transactionMillis, "", false));
			}
		}
		return sessions;
	}

	@Override
	public List<TableSize> tableSizes(Connection connection, List<String> tables) throws SQLException {
		if (tables.isEmpty()) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder(
				"SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) "
						+ "FROM information_schema.TABLES WHERE ");
		List<String> parameters = new ArrayList<>();
		for (String table : tables) {
			List<String> parts = parse(table);
			if (parts.size() != 2) {
				continue;
			}
			sql.append(parameters.isEmpty() ? "" : " OR ").append("(TABLE_SCHEMA = ? AND TABLE_NAME = ?)");
			parameters.addAll(parts);
		}
		if (parameters.isEmpty()) {
			return List.of();
		}
		sql.append(" ORDER BY 3 DESC, 1, 2");
		List<TableSize> sizes = new ArrayList<>();
		try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < parameters.size(); i++) {
				query.setString(i + 1, parameters.get(i));
			}
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					sizes.add(new TableSize(qualified(rs.getString(1), rs.getString(2)), rs.getLong(3)));
				}
			}
		}
		return sizes;
	}

	/**
	 * The sessions of the current database running a statement now (command {@code Query} or
	 * {@code Execute}), counted by user (a session has no application name).
	 */
	@Override
	public ActiveSessions activeSessions(Connection connection, String ignoredApplicationPrefix)
			throws SQLException {
		Map<String, Integer> byUser = new LinkedHashMap<>();
		int count = 0;
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT USER, COUNT(*) FROM information_schema.PROCESSLIST "
						+ "WHERE ID <> CONNECTION_ID() AND COMMAND IN ('Query', 'Execute') AND DB = DATABASE() GROUP BY USER "
						+ "ORDER BY 2 DESC, 1")) {
			while (rs.next()) {
				byUser.put(rs.getString(1), rs.getInt(2));
				count += rs.getInt(2);
			}
		}
		return new ActiveSessions(count, byUser);
	}

	@Override
	public String endSession(int pid) {
		return "KILL " + pid;
	}

	/**
	 * A session, with what it holds on the tables asked about.
	 *
	 * @param id the connection id (what {@code KILL} takes)
	 * @param user {@code user@host}
	 * @param database its current database
	 * @param command e.g. {@code Sleep}, {@code Query}
	 * @param seconds how long it has been in its state
	 * @param state what it waits for, e.g. {@code Waiting for table metadata lock}
	 * @param statement the start of the statement it runs, or {@code null} when idle
	 * @param transactionStart when its InnoDB transaction started, or {@code null} without one
	 * @param transactionMillis how long that transaction has been open
	 * @param locks what it holds or waits for on the tables
	 * @param waiting whether it waits for one of them
	 */
	record Session(long id, String user, @Nullable String database, @Nullable String command, long seconds,
			@Nullable String state, @Nullable String statement, @Nullable OffsetDateTime transactionStart,
			@Nullable Long transactionMillis, String locks, boolean waiting) {

		boolean idle() {
			return "Sleep".equalsIgnoreCase(this.command);
		}

		/**
		 * Whether it is running a DDL statement now.
		 */
		boolean runsDdl() {
			if (this.statement == null || idle()) {
				return false;
			}
			String start = this.statement.stripLeading().toUpperCase(java.util.Locale.ROOT);
			for (String word : DDL) {
				if (start.startsWith(word + " ")) {
					return true;
				}
			}
			return false;
		}

		Session with(String locks, boolean waiting) {
			return new Session(this.id, this.user, this.database, this.command, this.seconds, this.state,
					this.statement, this.transactionStart, this.transactionMillis, locks, waiting);
		}

		LockingSession toLockingSession() {
			String what = idle() ? "idle in transaction" : (this.command + ((this.state != null && !this.state.isEmpty())
					? " (" + this.state + ")" : ""));
			return new LockingSession((int) this.id, this.user, what, this.transactionStart, null, this.locks,
					this.waiting, this.statement);
		}

		/**
		 * One line for the lock-timeout report: id, user, what it does and for how long, its
		 * transaction, what it holds, its statement.
		 */
		String describe() {
			return ("id %d (%s, %s for %d s, %s, holding %s, statement %s)").formatted(this.id, this.user,
					idle() ? "idle" : this.command + ((this.state != null && !this.state.isEmpty()) ? " '" + this.state
							+ "'" : ""),
					this.seconds,
					(this.transactionMillis != null) ? "transaction open for " + (this.transactionMillis / 1000) + " s"
							+ " since " + this.transactionStart : "no open transaction",
					this.locks, (this.statement != null) ? "'" + this.statement.replaceAll("\\s+", " ") + "'"
							: "none running (the one that took the lock has ended; its transaction holds it)");
		}

	}

}
