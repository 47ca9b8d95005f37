package io.github.migrations.dialect.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.migrations.preflight.DatabaseActivity;
import io.github.migrations.dialect.StandardSqlDialect;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.parse.LexicalRules;
import io.github.migrations.parse.LexicalRules.Feature;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * PostgreSQL (9.6 and later; tested on 15).
 */
public final class PostgresDialect extends StandardSqlDialect {

	/**
	 * PostgreSQL's lexical rules, with what pg_dump writes: nested block comments,
	 * {@code $tag$} quotes, {@code E'...'} strings, {@code BEGIN ATOMIC} bodies,
	 * {@code COPY ... FROM stdin} data and psql's {@code \restrict} lines; unquoted names fold to
	 * lower case.
	 */
	public static final LexicalRules LEXICAL_RULES = LexicalRules.of(Feature.NESTED_BLOCK_COMMENTS,
			Feature.DOLLAR_QUOTE_TAGS, Feature.ESCAPE_STRINGS, Feature.ATOMIC_BODIES, Feature.COPY_FROM_STDIN,
			Feature.PSQL_META_COMMANDS);

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	/** out_of_memory: also the lock table full, with a hint naming max_locks_per_transaction. */
	private static final String OUT_OF_MEMORY = "53200";

	/**
	 * Sessions holding granted locks on the named relations or, when none of the names is a
	 * relation, on any user relation, in a transaction older than the lock timeout. The
	 * inspecting session and its own database only.
	 */
	private static final String LOCK_HOLDERS = """
			WITH named AS (
			    SELECT DISTINCT to_regclass(n) AS oid FROM unnest(?::text[]) AS n
			    WHERE to_regclass(n) IS NOT NULL
			), held AS (
			    SELECT l.pid, string_agg(DISTINCT l.relation::regclass::text || ' ' || l.mode, ', ') AS relations
			    FROM pg_locks l
			    WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid()
			      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			      AND (l.relation IN (SELECT oid FROM named)
			           OR (NOT EXISTS (SELECT 1 FROM named)
			               AND l.relation >= 16384))
			    GROUP BY l.pid
			)
			SELECT a.pid, a.application_name, a.state, a.xact_start, a.query_start, h.relations,
			       left(regexp_replace(a.query, '\\s+', ' ', 'g'), 100) AS query
			FROM held h JOIN pg_stat_activity a ON a.pid = h.pid
			WHERE EXISTS (SELECT 1 FROM named)
			   OR a.xact_start <= clock_timestamp() - ? * interval '1 millisecond'
			ORDER BY a.xact_start
			LIMIT 20""";

	/**
	 * The first words of statements that may ride in a pipeline: none of them returns rows
	 * ({@code INSERT}, {@code UPDATE}, {@code DELETE} and {@code MERGE} only with {@code RETURNING},
	 * which {@link #pipelinable} looks for).
	 */
	private static final Set<String> PIPELINED_VERBS = Set.of("CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE",
			"TRUNCATE", "DO", "INSERT", "UPDATE", "DELETE", "MERGE", "REFRESH", "REINDEX", "CLUSTER", "ANALYZE", "LOCK",
			"SECURITY");

	private final PostgresActivity activity = new PostgresActivity();

	public PostgresDialect() {
		super("postgresql", LEXICAL_RULES, new PostgresLockSql(), PostgresLockSql.CLOCK, "text", "text");
	}

	@Override
	public Map<String, String> transactionSettings(@Nullable Duration lockTimeout,
			@Nullable Duration statementTimeout, @Nullable String applicationName) {
		Map<String, String> settings = new LinkedHashMap<>();
		if (applicationName != null) {
			settings.put("application_name", applicationName);
		}
		if (lockTimeout != null) {
			settings.put("lock_timeout", lockTimeout.toMillis() + "ms");
		}
		if (statementTimeout != null) {
			settings.put("statement_timeout", statementTimeout.toMillis() + "ms");
		}
		return settings;
	}

	/**
	 * From the parameters the server reports on every change (PostgreSQL 14 and later:
	 * {@code in_hot_standby}, {@code default_transaction_read_only}), so the answer costs no round
	 * trip; older servers, and connections a pool does not unwrap, are asked.
	 */
	@Override
	public @Nullable String readOnly(Connection connection) throws SQLException {
		PGConnection pg = connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class) : null;
		String inRecovery = (pg != null) ? pg.getParameterStatus("in_hot_standby") : null;
		String readOnly = (pg != null) ? pg.getParameterStatus("default_transaction_read_only") : null;
		if (inRecovery == null || readOnly == null) {
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery(
							"SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")) {
				rs.next();
				inRecovery = rs.getBoolean(1) ? "on" : "off";
				readOnly = rs.getString(2);
			}
		}
		if ("on".equals(inRecovery)) {
			return "a standby in recovery (hot standby): it replays the primary's WAL and accepts no writes";
		}
		if ("on".equals(readOnly)) {
			return "read-only (default_transaction_read_only is on)";
		}
		return null;
	}

	@Override
	public @Nullable String serverAddress(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT host(inet_server_addr()), inet_server_port()")) {
			return (rs.next() && rs.getString(1) != null) ? rs.getString(1) + ":" + rs.getInt(2) : null;
		}
	}

	@Override
	public boolean commitMayWaitForStandbys(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT current_setting('synchronous_standby_names') <> '' "
						+ "AND current_setting('synchronous_commit') NOT IN ('off', 'local')")) {
			return rs.next() && rs.getBoolean(1);
		}
	}

	/**
	 * pgjdbc's cancel request: a connection of its own that names the session by its key, so it
	 * reaches a session busy in a commit.
	 */
	@Override
	public boolean cancel(Connection connection) throws SQLException {
		if (!connection.isWrapperFor(PGConnection.class)) {
			return false;
		}
		connection.unwrap(PGConnection.class).cancelQuery();
		return true;
	}

	@Override
	public void copyIn(Connection connection, String sql, String data) throws SQLException {
		try {
			connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data));
		}
		catch (IOException ex) {
			throw new SQLException("COPY failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * {@inheritDoc} {@code SET search_path}: one round trip, no read of the previous value, which
	 * {@link #leaveSchema} restores with {@code RESET}.
	 */
	@Override
	public @Nullable String useSchema(Connection connection, String schema) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET search_path TO " + quote(schema));
		}
		return null;
	}

	/**
	 * {@inheritDoc} {@code RESET search_path}: back to the session's default (the role's, the
	 * database's, or the URL's {@code currentSchema}).
	 */
	@Override
	public void leaveSchema(Connection connection, @Nullable String previous) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("RESET search_path");
		}
	}

	/**
	 * {@inheritDoc} The catalog names the schemas that have the table; {@code query_to_xml} runs
	 * the digest of each of those tables within the same statement (a table that does not exist
	 * is never named, so a new tenant fails nothing).
	 */
	@Override
	public String historyDigestsQuery() {
		return HISTORY_DIGESTS;
	}

	private static final String HISTORY_DIGESTS = """
			SELECT q.s, (xpath('/row/n/text()', q.x))[1]::text, (xpath('/row/f/text()', q.x))[1]::text,
			       (xpath('/row/d/text()', q.x))[1]::text
			FROM (SELECT n.nspname AS s, query_to_xml(format('SELECT count(*) AS n, '
			        || 'count(*) FILTER (WHERE NOT success) AS f, '
			        || 'md5(coalesce(string_agg(coalesce(version, ''R:'' || name) || ''='' || coalesce(checksum, ''''), '
			        || ''','' ORDER BY coalesce(version, ''R:'' || name) COLLATE "C"), '''')) AS d FROM %I.%I',
			        n.nspname, c.relname), false, true, '') AS x
			      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			      WHERE c.relname = ? AND c.relkind IN ('r', 'p') AND n.nspname = ANY (?)) q""";

	@Override
	public void resetSession(Connection connection) throws SQLException {
		// RESET ALL restores every setting to its connection-time value (search_path, timeouts,
		// set_config(..., false)); role and session authorization are not settings RESET ALL owns.
		try (Statement statement = connection.createStatement()) {
			// one round trip: pgjdbc sends both statements together
			statement.execute("SET SESSION AUTHORIZATION DEFAULT; RESET ALL");
		}
	}

	/**
	 * Also {@code DISCARD}, and {@code set_config(...)} anywhere (its third argument may make the
	 * setting last for the session).
	 */
	@Override
	public boolean changesSession(SqlStatement statement) {
		return super.changesSession(statement) || statement.startsWith("DISCARD")
				|| statement.mentions("set_config", "(");
	}

	@Override
	public List<String> describeLockHolders(Connection connection, @Nullable String statement,
			@Nullable Duration lockTimeout) throws SQLException {
		// The statement's own wait has ended, so pg_blocking_pids() cannot help: the words of the
		// statement that resolve to relations (to_regclass) are the tables it needed.
		List<String> names = (statement != null) ? relationCandidates(statement) : List.of();
		long olderThan = (lockTimeout != null) ? lockTimeout.toMillis() : 0;
		try (PreparedStatement query = connection.prepareStatement(LOCK_HOLDERS)) {
			query.setArray(1, connection.createArrayOf("text", names.toArray()));
			query.setLong(2, olderThan);
			List<String> holders = new ArrayList<>();
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					holders.add(("pid %d (application '%s', state '%s', transaction started %s, query started %s, "
							+ "holding %s, query '%s')").formatted(rs.getInt("pid"), rs.getString("application_name"),
									rs.getString("state"), rs.getString("xact_start"), rs.getString("query_start"),
									rs.getString("relations"), rs.getString("query")));
				}
			}
			return holders;
		}
	}

	/**
	 * Names and dotted names in the statement, as written, outside string literals and comments,
	 * each once: candidates for {@code to_regclass}.
	 */
	static List<String> relationCandidates(String statement) {
		return relationCandidates(new SqlStatement(statement, 1, null, LEXICAL_RULES));
	}

	/**
	 * {@link #relationCandidates(String)} from the statement's tokens (the linter's, when it ran:
	 * they are lexed once): a name, or two joined by a dot ({@code shop.orders}); at most 200.
	 */
	static List<String> relationCandidates(SqlStatement statement) {
		List<Token> tokens = statement.tokens();
		String sql = statement.sql();
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < tokens.size() && names.size() < 200; i++) {
			Token token = tokens.get(i);
			if (!token.isName() || token.text().isEmpty()) {
				continue;
			}
			String name = sql.substring(token.start(), token.end());
			if (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 2).isName()) {
				Token last = tokens.get(i + 2);
				name = name + "." + sql.substring(last.start(), last.end());
				i += 2;
			}
			names.add(name);
		}
		return List.copyOf(names);
	}

	@Override
	public List<InvalidIndex> invalidIndexes(Connection connection, String schema) throws SQLException {
		// An index that CREATE INDEX CONCURRENTLY is building right now is INVALID too: leave it out.
		String sql = """
				SELECT format('%I.%I', n.nspname, ic.relname), format('%I.%I', n.nspname, tc.relname)
				FROM pg_index i
				JOIN pg_class ic ON ic.oid = i.indexrelid
				JOIN pg_class tc ON tc.oid = i.indrelid
				JOIN pg_namespace n ON n.oid = ic.relnamespace
				WHERE NOT i.indisvalid AND n.nspname = ?
				  AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid)
				ORDER BY 1""";
		List<InvalidIndex> indexes = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, schema);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					indexes.add(new InvalidIndex(rs.getString(1), rs.getString(2)));
				}
			}
		}
		return indexes;
	}

	@Override
	public String dropIndex(String qualifiedIndex) {
		return "DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedIndex;
	}

	@Override
	public Optional<DatabaseActivity> activity() {
		return Optional.of(this.activity);
	}

	@Override
	public List<String> tablesNamedIn(Connection connection, List<SqlStatement> statements) throws SQLException {
		return this.activity.tablesNamedIn(connection, statements);
	}

	@Override
	public Optional<MigrationLinter> linter() {
		return Optional.of(MigrationLinter.postgres());
	}

	@Override
	public boolean commitsWithStatement() {
		return true;
	}

	@Override
	public boolean pipelines() {
		return true;
	}

	/**
	 * From the statement's tokens: it starts with a word of {@link #PIPELINED_VERBS} (statements
	 * that return no rows), has no {@code RETURNING}, no {@code ;} of its own (a {@code BEGIN ATOMIC}
	 * body: the driver would cut it into several statements of the batch) and no inline
	 * {@code COPY} data, and does not change the session ({@link #changesSession}).
	 */
	@Override
	public boolean pipelinable(SqlStatement statement) {
		if (statement.copyData() != null || changesSession(statement)) {
			return false;
		}
		List<Token> tokens = statement.tokens();
		if (tokens.isEmpty() || tokens.get(0).kind() != TokenKind.WORD
				|| !PIPELINED_VERBS.contains(tokens.get(0).text().toUpperCase(Locale.ROOT))) {
			return false;
		}
		for (Token token : tokens) {
			if (token.kind() == TokenKind.STATEMENT_END || token.isSymbol(";") || token.is("RETURNING")) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String elapsedMillisSince(@Nullable String start) {
		return "CAST(1000 * extract(epoch FROM " + PostgresLockSql.CLOCK + " - " + ((start != null) ? start : "now()")
				+ ") AS bigint)";
	}

	@Override
	public String clock() {
		return PostgresLockSql.CLOCK;
	}

	@Override
	public String literal(@Nullable String value) {
		return PostgresLiterals.string(value);
	}

	@Override
	public boolean isMissingTable(SQLException ex) {
		// the lock's undefined_table, or invalid_schema_name: a history in a schema not created yet
		return lockSql().isUndefinedTable(ex) || "3F000".equals(ex.getSQLState());
	}

	/**
	 * Class {@code 08}, and the server ending the session: {@code 57P01} admin_shutdown (a
	 * restart, or {@code pg_terminate_backend}), {@code 57P02} crash_shutdown, {@code 57P03}
	 * cannot_connect_now, {@code 57P04} database_dropped, {@code 57P05} idle_session_timeout.
	 */
	@Override
	public boolean isConnectionLost(SQLException ex) {
		return super.isConnectionLost(ex) || hasSqlStatePrefix(ex, "57P");
	}

	/**
	 * {@code 25P03} idle_in_transaction_session_timeout, and {@code 25P04} transaction_timeout
	 * (PostgreSQL 17), anywhere in the cause chain.
	 */
	@Override
	public boolean isIdleInTransactionTimeout(SQLException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && ("25P03".equals(sql.getSQLState()) || "25P04".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean isOutOfLocks(SQLException ex) {
		// the hint is not translated where the message is: it names the setting
		return OUT_OF_MEMORY.equals(ex.getSQLState()) && ex.getMessage() != null
				&& ex.getMessage().contains("max_locks_per_transaction");
	}

	@Override
	public boolean isLockTimeout(SQLException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
