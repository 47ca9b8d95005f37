package io.github.migrations.dialect.mariadb;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.migrations.dialect.StandardSqlDialect;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.parse.LexicalRules;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.preflight.DatabaseActivity;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB (10.6 and later) and MySQL (8.0 and later): one dialect, its vendor {@code mariadb} or
 * {@code mysql} (the {@code {vendor}} of locations). What differs from PostgreSQL:
 * <ul>
 * <li>DDL is not transactional: every DDL statement commits by itself
 * ({@link #supportsTransactionalDdl()} is {@code false}).</li>
 * <li>Our tables' times are {@code DATETIME(6)} in UTC ({@code UTC_TIMESTAMP(6)}), names are
 * quoted with backticks, a schema is a database.</li>
 * <li>The lexical rules follow the session's {@code sql_mode} when the dialect is detected
 * ({@code NO_BACKSLASH_ESCAPES}, {@code ANSI_QUOTES}); see {@link MariaDbLexicalRules}.</li>
 * <li>The session state a migration may change ({@code USE}, {@code SET sql_mode},
 * {@code time_zone}, {@code foreign_key_checks}, ...) is read when the dialect is detected and
 * set back by {@link #resetSession}.</li>
 * <li>A row-value inequality is no index range: a backfill compares a key of several columns
 * column by column ({@link #indexesRowValueComparisons()}).</li>
 * </ul>
 * Errors are told apart by the server's error codes.
 */
public final class MariaDbDialect extends StandardSqlDialect {

	/** ER_BAD_DB_ERROR: unknown database (schema). */
	private static final int UNKNOWN_DATABASE = 1049;

	/** ER_LOCK_WAIT_TIMEOUT: a row lock, or a metadata lock past {@code lock_wait_timeout}. */
	private static final int LOCK_WAIT_TIMEOUT = 1205;

	/** ER_LOCK_NOWAIT (MySQL's {@code NOWAIT}; MariaDB reports 1205). */
	private static final int LOCK_NOWAIT = 3572;

	/** ER_QUERY_INTERRUPTED: {@code KILL QUERY}, which {@code Statement.cancel()} sends. */
	private static final int QUERY_INTERRUPTED = 1317;

	/** ER_QUERY_TIMEOUT (MySQL's {@code max_execution_time}). */
	private static final int QUERY_TIMEOUT = 3024;

	/** ER_STATEMENT_TIMEOUT (MariaDB's {@code max_statement_time}). */
	private static final int STATEMENT_TIMEOUT = 1969;

	/**
	 * ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED (MariaDB, {@code KILL}), CR_SERVER_GONE_ERROR,
	 * CR_SERVER_LOST, ER_CLIENT_INTERACTION_TIMEOUT (MySQL).
	 */
	private static final int[] CONNECTION_LOST = { 1053, 1927, 2006, 2013, 4031 };

	/**
	 * What a statement creates exists already: ER_DB_CREATE_EXISTS, ER_TABLE_EXISTS_ERROR (tables,
	 * views, sequences), ER_DUP_FIELDNAME, ER_DUP_KEYNAME, ER_SP_ALREADY_EXISTS,
	 * ER_TRG_ALREADY_EXISTS, ER_EVENT_ALREADY_EXISTS, ER_DUP_CONSTRAINT_NAME (ER_FK_DUP_NAME on
	 * MySQL), ER_CHECK_CONSTRAINT_DUP_NAME (MySQL).
	 */
	private static final int[] ALREADY_THERE = { 1007, 1050, 1060, 1061, 1304, 1359, 1537, 1826, 3822 };

	// then the statement timeout's variable (statementTime), then DATABASE()
	private static final String SESSION = "SELECT @@SESSION.sql_mode, @@SESSION.time_zone, "
			+ "@@SESSION.foreign_key_checks, @@SESSION.unique_checks, @@SESSION.character_set_client, "
			+ "@@SESSION.character_set_results, @@SESSION.collation_connection, @@SESSION.lock_wait_timeout, "
			+ "@@SESSION.innodb_lock_wait_timeout, @@SESSION.";

	// then ", <statementTime> = ?"
	private static final String RESET = "SET SESSION sql_mode = ?, time_zone = ?, foreign_key_checks = ?, "
			+ "unique_checks = ?, character_set_client = ?, character_set_results = ?, collation_connection = ?, "
			+ "lock_wait_timeout = ?, innodb_lock_wait_timeout = ?";

	private static final String LOCK_TIMEOUT = "lock_wait_timeout = ?, innodb_lock_wait_timeout = ?";

	/** Where RESET's values of the two lock timeouts start (0-based), in {@link #session}. */
	private static final int TIMEOUTS = 7;

	/** Where RESET's value of the statement timeout is, in {@link #session}. */
	private static final int STATEMENT_TIME = 9;

	/**
	 * MariaDB's {@code max_statement_time} (seconds, fractional; every statement) or MySQL's
	 * {@code max_execution_time} (milliseconds; read-only {@code SELECT}s only).
	 */
	private static final String MARIADB_STATEMENT_TIME = "max_statement_time";

	private static final String MYSQL_STATEMENT_TIME = "max_execution_time";

	// the values RESET sets, in its order: strings and, for the checks and timeouts, numbers
	private final Object[] session;

	// the session variable of the statement timeout, by vendor
	private final String statementTime;

	private final MariaDbActivity activity;

	private static final String[] IMPLICIT_COMMIT = { "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT",
			"REVOKE", "LOCK", "UNLOCK", "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK", "INSTALL", "UNINSTALL", "BEGIN",
			"START", "COMMIT", "ROLLBACK", "FLUSH", "CACHE", "LOAD" };

	private final @Nullable String database;

	private MariaDbDialect(String vendor, LexicalRules rules, Object[] session, @Nullable String database) {
		super(vendor, rules, new MariaDbLockSql(), defaultClock(), "LONGTEXT", "VARCHAR(4000)");
		this.session = session;
		this.statementTime = statementTime(vendor);
		this.database = database;
		this.activity = new MariaDbActivity(this, rules);
	}

	/**
	 * The dialect for a connection to MariaDB or MySQL: the vendor from the driver's product name
	 * and version, the lexical rules from the session's {@code sql_mode}, and the session state
	 * {@link #resetSession} sets back, from the session as it is now (a fresh connection's).
	 */
	public static MariaDbDialect detect(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		String version = connection.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT);
		String vendor = (product.contains("mariadb") || version.contains("mariadb")) ? "mariadb" : "mysql";
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(SESSION + statementTime(vendor) + ", DATABASE()")) {
			rs.next();
			Object[] session = new Object[STATEMENT_TIME + 1];
			for (int i = 0; i < session.length; i++) {
				// the checks and the timeouts take numbers, not '1'; MariaDB's statement time a
				// fractional one
				session[i] = (i == STATEMENT_TIME && vendor.equals("mariadb")) ? rs.getBigDecimal(i + 1)
						: (i == 2 || i == 3 || i >= TIMEOUTS) ? rs.getLong(i + 1) : rs.getString(i + 1);
			}
			String sqlMode = rs.getString(1);
			return new MariaDbDialect(vendor, MariaDbLexicalRules.of((sqlMode != null) ? sqlMode : ""), session,
					rs.getString(STATEMENT_TIME + 2));
		}
	}

	/**
	 * The dialect for reading files without a connection (the offline linter): the vendor given,
	 * the lexical rules of the default {@code sql_mode}. It knows no session, so
	 * {@link #resetSession} sets nothing back.
	 * @param vendor {@code mariadb} or {@code mysql}
	 * @throws IllegalArgumentException for any other vendor
	 */
	public static MariaDbDialect offline(String vendor) {
		if (!vendor.equals("mariadb") && !vendor.equals("mysql")) {
			throw new IllegalArgumentException("Vendor '" + vendor + "' is not MariaDB's: use mariadb or mysql");
		}
		return new MariaDbDialect(vendor, MariaDbLexicalRules.DEFAULT, new Object[0], null);
	}

	/**
	 * Whether the driver names MariaDB or MySQL.
	 */
	private static String statementTime(String vendor) {
		return vendor.equals("mariadb") ? MARIADB_STATEMENT_TIME : MYSQL_STATEMENT_TIME;
	}

	public static boolean handles(String productName) {
		String lower = productName.toLowerCase(Locale.ROOT);
		return lower.contains("mariadb") || lower.contains("mysql");
	}

	@Override
	protected String identity() {
		return "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
	}

	@Override
	protected String timeType() {
		return "DATETIME(6)";
	}

	@Override
	protected String auditClock() {
		return defaultClock();
	}

	@Override
	protected String tableOptions() {
		return " ENGINE = InnoDB";
	}

	@Override
	public String timeOrNow() {
		return "COALESCE(CAST(? AS DATETIME(6)), " + MariaDbLockSql.CLOCK + ")";
	}

	@Override
	public String allowNullHistoryVersion(String qualifiedTable) {
		return "ALTER TABLE " + qualifiedTable + " MODIFY version VARCHAR(50) NULL";
	}

	/**
	 * MySQL takes a function as a column default only in parentheses (8.0.13 and later); MariaDB
	 * takes both forms.
	 */
	private static String defaultClock() {
		return "(" + MariaDbLockSql.CLOCK + ")";
	}

	@Override
	public String quote(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

	@Override
	public String currentSchema(Connection connection) throws SQLException {
		return currentSchema(connection, "SELECT DATABASE()", "No current database: name one in the JDBC URL "
				+ "(jdbc:mariadb://host/db), or set the migrations schema");
	}

	/**
	 * {@inheritDoc} Detection read {@code DATABASE()} with the session; without one, asked again
	 * (which fails saying what to do).
	 */
	@Override
	public String currentSchemaAfterDetection(Connection connection) throws SQLException {
		return (this.database != null) ? this.database : currentSchema(connection);
	}

	/**
	 * {@inheritDoc} A schema is a database here: {@code USE} it, unless it does not exist yet
	 * (the run creates it, on a later connection, before it applies anything).
	 */
	@Override
	public @Nullable String useSchema(Connection connection, String schema) throws SQLException {
		String previous = connection.getCatalog();
		try (Statement statement = connection.createStatement()) {
			statement.execute("USE " + quote(schema));
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != UNKNOWN_DATABASE) {
				throw ex;
			}
		}
		return previous;
	}

	@Override
	public void leaveSchema(Connection connection, @Nullable String previous) throws SQLException {
		if (previous != null) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("USE " + quote(previous));
			}
		}
	}

	/**
	 * Sets back the database and the session variables a script commonly changes (the ones
	 * mysqldump sets) to what they were when the dialect was detected.
	 */
	@Override
	public void resetSession(Connection connection) throws SQLException {
		if (this.database != null) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("USE " + quote(this.database));
			}
		}
		if (this.session.length == 0) {
			return;
		}
		try (PreparedStatement statement = connection
			.prepareStatement(RESET + ", " + this.statementTime + " = ?")) {
			for (int i = 0; i < this.session.length; i++) {
				statement.setObject(i + 1, this.session[i]);
			}
			statement.execute();
		}
	}

	/**
	 * {@code lock_wait_timeout} (metadata locks: what DDL waits for behind another session's open
	 * transaction, a year by default) and {@code innodb_lock_wait_timeout} (row locks), both in
	 * whole seconds (at least 1), for the session: neither database has a transaction-scoped
	 * form for every statement. {@link #resetLockTimeout} sets them back. Zero (disabled) leaves the
	 * server's values: on these databases 0 would mean "do not wait at all".
	 */
	@Override
	public boolean setLockTimeout(Connection connection, @Nullable Duration lockTimeout) throws SQLException {
		return setTimeouts(connection, lockTimeout, null);
	}

	/**
	 * {@link #setLockTimeout}, and the statement timeout, in the same {@code SET}: MariaDB's
	 * {@code max_statement_time} (seconds, to the millisecond; it ends any statement, DDL
	 * included, with error 1969), MySQL's {@code max_execution_time} (milliseconds; MySQL applies
	 * it to read-only {@code SELECT}s only, so there it bounds no DDL nor DML). Neither has a
	 * transaction-scoped form. {@link #resetLockTimeout} sets all of them back.
	 */
	@Override
	public boolean setTimeouts(Connection connection, @Nullable Duration lockTimeout,
			@Nullable Duration statementTimeout) throws SQLException {
		boolean lock = lockTimeout != null && !lockTimeout.isZero();
		boolean statement = statementTimeout != null && !statementTimeout.isZero();
		if (!lock && !statement) {
			return false;
		}
		String set = "SET SESSION " + (lock ? LOCK_TIMEOUT : "")
				+ (statement ? (lock ? ", " : "") + this.statementTime + " = ?" : "");
		try (PreparedStatement prepared = connection.prepareStatement(set)) {
			int index = 1;
			if (lock) {
				long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
				prepared.setLong(index++, seconds);
				prepared.setLong(index++, seconds);
			}
			if (statement) {
				long millis = Math.max(1, statementTimeout.toMillis());
				prepared.setObject(index, this.statementTime.equals(MARIADB_STATEMENT_TIME)
						? BigDecimal.valueOf(millis, 3) : Long.valueOf(millis));
			}
			prepared.execute();
		}
		return true;
	}

	/**
	 * Sets both lock timeouts and the statement timeout back to the values of a fresh connection
	 * (seen at detection).
	 */
	@Override
	public void resetLockTimeout(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SET SESSION " + LOCK_TIMEOUT + ", " + this.statementTime + " = ?")) {
			statement.setObject(1, this.session[TIMEOUTS]);
			statement.setObject(2, this.session[TIMEOUTS + 1]);
			statement.setObject(3, this.session[STATEMENT_TIME]);
			statement.execute();
		}
	}

	/**
	 * MariaDB's ER_STATEMENT_TIMEOUT ({@code max_statement_time}), MySQL's ER_QUERY_TIMEOUT
	 * ({@code max_execution_time}).
	 */
	@Override
	public boolean isStatementTimeout(SQLException ex) {
		return ex.getErrorCode() == STATEMENT_TIMEOUT || ex.getErrorCode() == QUERY_TIMEOUT;
	}

	@Override
	public boolean isAlreadyThere(SQLException ex) {
		int code = ex.getErrorCode();
		for (int exists : ALREADY_THERE) {
			if (code == exists) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The sessions that hold a metadata lock on a table the statement names (from
	 * {@code performance_schema.metadata_locks} where enabled), or, without that view, those with
	 * an InnoDB transaction open in the tables' databases for at least the lock timeout; with no
	 * table named, those in the current database. One line each: connection id, user, what it
	 * does and for how long, its transaction, its statement.
	 */
	@Override
	public List<String> describeLockHolders(Connection connection, @Nullable String statement,
			@Nullable Duration lockTimeout) throws SQLException {
		List<String> tables = (statement != null)
				? this.activity.tablesNamedIn(connection, List.of(new SqlStatement(statement, 1))) : List.of();
		if (tables.isEmpty()) {
			String current = currentSchema(connection);
			tables = List.of(MariaDbActivity.qualified(current, "*"));
		}
		long olderThan = (lockTimeout != null) ? lockTimeout.toMillis() : 0;
		List<String> holders = new ArrayList<>();
		for (MariaDbActivity.Session session : this.activity.holders(connection, tables)) {
			if (!session.waiting() && session.transactionMillis() != null && session.transactionMillis() >= olderThan) {
				holders.add(session.describe());
			}
		}
		return holders.subList(0, Math.min(holders.size(), 20));
	}

	@Override
	public String lockViews() {
		return "information_schema.innodb_trx, information_schema.processlist, performance_schema.metadata_locks";
	}

	@Override
	public String endSessionHint() {
		return "KILL <id>";
	}

	@Override
	public Optional<DatabaseActivity> activity() {
		return Optional.of(this.activity);
	}

	@Override
	public List<String> tablesNamedIn(Connection connection, List<SqlStatement> statements) throws SQLException {
		return this.activity.tablesNamedIn(connection, statements);
	}

	/**
	 * Also {@code USE} (another current database).
	 */
	@Override
	public boolean changesSession(SqlStatement statement) {
		return super.changesSession(statement) || statement.startsWith("USE");
	}

	/**
	 * DDL and the other statements the server commits before and after running them: {@code CREATE},
	 * {@code ALTER}, {@code DROP}, {@code RENAME}, {@code TRUNCATE}, {@code GRANT}, {@code REVOKE},
	 * {@code LOCK}/{@code UNLOCK TABLES}, {@code ANALYZE}, {@code OPTIMIZE}, {@code REPAIR},
	 * {@code CHECK}, {@code INSTALL}/{@code UNINSTALL}, and transaction control.
	 */
	@Override
	public boolean commitsImplicitly(SqlStatement statement) {
		for (String word : IMPLICIT_COMMIT) {
			if (statement.startsWith(word)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean isMissingTable(SQLException ex) {
		return lockSql().isUndefinedTable(ex) || ex.getErrorCode() == UNKNOWN_DATABASE;
	}

	@Override
	public boolean isLockTimeout(SQLException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql
					&& (sql.getErrorCode() == LOCK_WAIT_TIMEOUT || sql.getErrorCode() == LOCK_NOWAIT)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean isCancelled(SQLException ex) {
		int code = ex.getErrorCode();
		return code == QUERY_INTERRUPTED || code == QUERY_TIMEOUT || code == STATEMENT_TIMEOUT;
	}

	@Override
	public boolean isConnectionLost(SQLException ex) {
		if (super.isConnectionLost(ex)) {
			return true;
		}
		for (int code : CONNECTION_LOST) {
			if (ex.getErrorCode() == code) {
				return true;
			}
		}
		return false;
	}

	/**
	 * No: a row-value inequality scans the whole index (an {@code UPDATE} with it locks every row
	 * it scans), where the same condition column by column is a range on it.
	 */
	@Override
	public boolean indexesRowValueComparisons() {
		return false;
	}

	@Override
	public boolean supportsTransactionalDdl() {
		return false;
	}

	/**
	 * The MariaDB/MySQL online-DDL rules ({@link MigrationLinter#mariadb()}), reading with this
	 * dialect's lexical rules.
	 */
	@Override
	public Optional<MigrationLinter> linter() {
		return Optional.of(MigrationLinter.mariadb(this));
	}

}
