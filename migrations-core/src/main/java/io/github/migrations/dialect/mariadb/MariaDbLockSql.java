package io.github.migrations.dialect.mariadb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

import io.github.migrations.dialect.StandardLockSql;
import io.github.migrations.lock.LockSql.SessionWrite;
import org.jspecify.annotations.Nullable;

/**
 * Lock table SQL for MariaDB and MySQL. Times are {@code DATETIME(6)} in UTC from
 * {@code UTC_TIMESTAMP(6)}, read anew by every statement and independent of the session's
 * {@code time_zone} (a migration that changes it cannot move a lease). An {@code UPDATE} here
 * cannot return the new fence, so the row is taken in two statements of one short transaction
 * ({@link #lockFreeRow}: {@code FOR UPDATE SKIP LOCKED}, then {@link #acquire}); the heartbeat
 * likewise ({@link #lockOwnRow}, then {@link #renew}), because MySQL refuses an {@code UPDATE}
 * whose subquery reads the same table.
 */
final class MariaDbLockSql extends StandardLockSql {

	/** The database's clock, in UTC, read anew by every statement. */
	static final String CLOCK = "UTC_TIMESTAMP(6)";

	/** ER_TABLE_EXISTS_ERROR, ER_DUP_ENTRY. */
	private static final int TABLE_EXISTS = 1050;

	private static final int DUPLICATE_ENTRY = 1062;

	/** ER_LOCK_DEADLOCK. */
	static final int DEADLOCK = 1213;

	/** ER_NO_SUCH_TABLE. */
	static final int NO_SUCH_TABLE = 1146;

	/** ER_BAD_FIELD_ERROR: no such column. */
	private static final int BAD_FIELD = 1054;

	/** The port MariaDB Connector/J and MySQL Connector/J use when the URL names none. */
	private static final int DEFAULT_PORT = 3306;

	/**
	 * This session: its connection id and its user (without the host): a waiter judges only a
	 * holder of its own user, whose threads {@code information_schema.PROCESSLIST} always shows
	 * (another user's only with the {@code PROCESS} privilege).
	 */
	private static final String SESSION = "CONCAT(CONNECTION_ID(), '/', SUBSTRING_INDEX(USER(), '@', 1))";

	private static final String HOLDER_GONE = "holder_session LIKE CONCAT(fence, '/%') "
			+ "AND SUBSTRING_INDEX(holder_session, '/', -1) = SUBSTRING_INDEX(USER(), '@', 1) "
			+ "AND NOT EXISTS (SELECT 1 FROM information_schema.PROCESSLIST p "
			+ "WHERE holder_session = CONCAT(fence, '/', p.ID, '/', p.USER))";

	MariaDbLockSql() {
		super(CLOCK, "TIMESTAMPADD(MICROSECOND, CAST(? AS SIGNED) * 1000, " + CLOCK + ")");
	}

	@Override
	public String createTable(String table) {
		return createTable(table, "DATETIME(6)", ",\n    progress         VARCHAR(255)", " ENGINE = InnoDB");
	}

	/**
	 * Without {@code IF NOT EXISTS}, which MySQL lacks: it runs only after the column was found
	 * missing ({@link #hasColumn}).
	 */
	@Override
	public String addProgressColumn(String table) {
		return "ALTER TABLE " + table + " ADD COLUMN progress VARCHAR(255)";
	}

	/**
	 * From {@code information_schema.COLUMNS}, so that a table without it logs no WARN.
	 */
	@Override
	public boolean hasColumn(Connection connection, String qualifiedTable, String column) throws SQLException {
		return inCatalog(connection, qualifiedTable, column);
	}

	@Override
	public String insertRow(String table) {
		// Run only after read() found no row (insertRowWaitsForRowLock): InnoDB locks the rows an
		// INSERT ... SELECT reads, so on an existing row this would wait for a running migration.
		// Two runners inserting at once: one gets ER_DUP_ENTRY (isAlreadyExists).
		return "INSERT INTO " + table + " (id, is_locked, fence) "
				+ "SELECT 1, FALSE, FLOOR(UNIX_TIMESTAMP(NOW(6)) * 1000) FROM DUAL "
				+ "WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = 1)";
	}

	@Override
	public boolean insertRowWaitsForRowLock() {
		return true;
	}

	@Override
	public boolean failedStatementsAreLogged() {
		return true;
	}

	/**
	 * From {@code information_schema.TABLES}: the schema is the part before the last dot (quoted
	 * with backticks or not), the table the plain identifier after it.
	 */
	@Override
	public boolean tableExists(Connection connection, String qualifiedTable) throws SQLException {
		return inCatalog(connection, qualifiedTable, null);
	}

	/**
	 * Whether {@code information_schema} has the table (with {@code column}: that column of it).
	 */
	private static boolean inCatalog(Connection connection, String qualifiedTable, @Nullable String column)
			throws SQLException {
		int dot = qualifiedTable.lastIndexOf('.');
		String schema = (dot < 0) ? null : unquote(qualifiedTable.substring(0, dot));
		String table = unquote(qualifiedTable.substring(dot + 1));
		try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM information_schema."
				+ ((column != null) ? "COLUMNS" : "TABLES") + " WHERE TABLE_SCHEMA = "
				+ ((schema != null) ? "?" : "DATABASE()") + " AND TABLE_NAME = ?"
				+ ((column != null) ? " AND COLUMN_NAME = ?" : ""))) {
			int index = 1;
			if (schema != null) {
				statement.setString(index++, schema);
			}
			statement.setString(index++, table);
			if (column != null) {
				statement.setString(index, column);
			}
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getInt(1) > 0;
			}
		}
	}

	private static String unquote(String identifier) {
		if (identifier.length() >= 2 && identifier.startsWith("`") && identifier.endsWith("`")) {
			return identifier.substring(1, identifier.length() - 1).replace("``", "`");
		}
		return identifier;
	}

	/**
	 * The lock row read with a shared lock ({@code LOCK IN SHARE MODE}: MariaDB has no
	 * {@code FOR SHARE}, MySQL 8 takes both): InnoDB's {@code INSERT … SELECT} locks the rows it
	 * reads under REPEATABLE READ, but under READ COMMITTED it reads them as a consistent read,
	 * without a lock. With it, the row stays share-locked to the end of the writing transaction
	 * under either: a waiter's {@code FOR UPDATE SKIP LOCKED} skips it, so no runner can take
	 * the lock between this proof and the commit.
	 */
	@Override
	public String fencedRows(String table) {
		return super.fencedRows(table) + " LOCK IN SHARE MODE";
	}

	@Override
	public boolean fencedRowsHoldTheRow() {
		return true;
	}

	@Override
	public String lockFreeRow(String table) {
		return "SELECT fence FROM " + table + " WHERE id = 1 AND (NOT is_locked OR lease_expires_at < " + CLOCK
				+ ") FOR UPDATE SKIP LOCKED";
	}

	/**
	 * Takes the row {@link #lockFreeRow} locked. Parameters: owner, lease in milliseconds.
	 */
	@Override
	public String acquire(String table) {
		return "UPDATE " + table + " SET is_locked = TRUE, locked_by = ?, locked_at = " + CLOCK
				+ ", lease_expires_at = TIMESTAMPADD(MICROSECOND, CAST(? AS SIGNED) * 1000, " + CLOCK
				+ "), fence = fence + 1 WHERE id = 1";
	}

	/**
	 * The heartbeat's first statement: {@link #renew} would otherwise read the lock table in a
	 * subquery of its own {@code UPDATE}, which MySQL refuses (error 1093, MariaDB takes it).
	 */
	@Override
	public String lockOwnRow(String table) {
		return "SELECT fence FROM " + table + " WHERE id = 1 AND fence = ? AND is_locked FOR UPDATE SKIP LOCKED";
	}

	/**
	 * Extends the lease of the row {@link #lockOwnRow} locked in the same transaction.
	 */
	@Override
	public String renew(String table) {
		return extend(table);
	}

	// Liveness: the holder's connection id in holder_session, the processlist to see it gone.
	// Connection ids restart after a server restart: a reused one only makes a waiter wait.

	@Override
	protected String session() {
		return SESSION;
	}

	@Override
	protected String holderGone() {
		return HOLDER_GONE;
	}

	@Override
	protected String recorded(String fence) {
		return "CONCAT(" + fence + ", '/', " + SESSION + ")";
	}

	/**
	 * Without {@code IF NOT EXISTS}, which MySQL lacks: it runs only after the column was found
	 * missing, and a runner that loses a race on it tries nothing more this time.
	 */
	@Override
	public String addSessionColumn(String table) {
		return "ALTER TABLE " + table + " ADD COLUMN holder_session VARCHAR(100)";
	}

	@Override
	public boolean isUndefinedColumn(SQLException ex) {
		return ex.getErrorCode() == BAD_FIELD;
	}

	/**
	 * Whether the server's {@code @@port} is a port the JDBC URL names (a proxy such as ProxySQL
	 * or MaxScale listens on a port of its own).
	 */
	@Override
	public boolean ownsServerSession(Connection connection) throws SQLException {
		int port;
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT @@port")) {
			rs.next();
			port = rs.getInt(1);
		}
		String url = connection.getMetaData().getURL();
		Set<Integer> ports = urlPorts(url, "jdbc:mariadb:", DEFAULT_PORT);
		return (ports.isEmpty() ? urlPorts(url, "jdbc:mysql:", DEFAULT_PORT) : ports).contains(port);
	}

	@Override
	public String lockFreeRow(String table, boolean takeOverGone) {
		if (!takeOverGone) {
			return lockFreeRow(table);
		}
		return "SELECT fence FROM " + table + " WHERE id = 1 AND (NOT is_locked OR lease_expires_at < " + CLOCK
				+ " OR (" + HOLDER_GONE + ")) FOR UPDATE SKIP LOCKED";
	}

	/**
	 * Takes the row {@link #lockFreeRow} locked, writing {@code holder_session} before the fence
	 * (MySQL reads a column assigned earlier in the same {@code SET} as its new value).
	 * Parameters: owner, lease in milliseconds.
	 */
	@Override
	public String acquire(String table, SessionWrite write, boolean takeOverGone) {
		String record = switch (write) {
			case NONE -> "";
			case CLEAR -> "holder_session = NULL, ";
			case RECORD -> "holder_session = " + recorded("fence + 1") + ", ";
		};
		return "UPDATE " + table + " SET is_locked = TRUE, locked_by = ?, locked_at = " + CLOCK
				+ ", lease_expires_at = TIMESTAMPADD(MICROSECOND, CAST(? AS SIGNED) * 1000, " + CLOCK + "), " + record
				+ "fence = fence + 1 WHERE id = 1";
	}

	@Override
	protected String returningFence(String update) {
		throw new UnsupportedOperationException("An UPDATE returns no rows on MariaDB and MySQL: see lockFreeRow");
	}

	/**
	 * Our times are {@code DATETIME(6)} in UTC; the driver would read them in the JVM's zone.
	 */
	@Override
	public @Nullable OffsetDateTime readTime(ResultSet rs, int column) throws SQLException {
		LocalDateTime time = rs.getObject(column, LocalDateTime.class);
		return (time != null) ? time.atOffset(ZoneOffset.UTC) : null;
	}

	/**
	 * As UTC (see {@link #readTime}).
	 */
	@Override
	public void bindTime(PreparedStatement statement, int index, OffsetDateTime time) throws SQLException {
		statement.setObject(index, time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
	}

	@Override
	public boolean isAlreadyExists(SQLException ex) {
		return ex.getErrorCode() == TABLE_EXISTS || ex.getErrorCode() == DUPLICATE_ENTRY;
	}

	@Override
	public boolean isUndefinedTable(SQLException ex) {
		return ex.getErrorCode() == NO_SUCH_TABLE;
	}

	/**
	 * ER_LOCK_DEADLOCK: InnoDB rolled back one of two runners whose lock-taking statements (the
	 * row insert and the {@code FOR UPDATE}, say) waited for each other.
	 */
	@Override
	public boolean isConflictResolved(SQLException ex) {
		return ex.getErrorCode() == DEADLOCK;
	}

}
