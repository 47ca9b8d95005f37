package io.github.migrations.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.migrations.lock.LockSql;
import io.github.migrations.parse.LexicalRules;

/**
 * What databases that speak standard SQL do alike, said once: our tables' DDL (from a few vendor
 * words: the clock and the text types), the vendor's name and lexical rules, double-quoted identifiers, the current schema, and the
 * errors of a lost connection (SQLState class {@code 08}) and of a cancelled statement
 * ({@code 57014}, as PostgreSQL and H2 report it). A vendor passes its words and its lock SQL
 * and adds what only it has.
 */
public abstract class StandardSqlDialect implements Dialect {

	private static final String CANCELLED = "57014";

	/**
	 * The history's per-statement progress, where DDL commits by itself (see
	 * {@code SchemaHistory.PROGRESS_COLUMNS}).
	 */
	private static final String PROGRESS_COLUMNS = ",\n    statements_done    INTEGER,\n    resume_from        INTEGER";

	private final String vendor;

	private final LexicalRules lexicalRules;

	private final LockSql lockSql;

	private final String clock;

	private final String text;

	private final String keyText;

	/**
	 * @param vendor the vendor name ({@link #vendor()})
	 * @param lexicalRules the lexical rules of its SQL
	 * @param lockSql the SQL of the lock table
	 * @param clock the current time as a column default (the statement's where the database can
	 * tell, else the transaction's)
	 * @param text a column type for text of any length (a migration's Down SQL)
	 * @param keyText a column type for a backfill's last key, written as text
	 */
	protected StandardSqlDialect(String vendor, LexicalRules lexicalRules, LockSql lockSql, String clock, String text,
			String keyText) {
		this.vendor = vendor;
		this.lexicalRules = lexicalRules;
		this.lockSql = lockSql;
		this.clock = clock;
		this.text = text;
		this.keyText = keyText;
	}

	@Override
	public String vendor() {
		return this.vendor;
	}

	@Override
	public LexicalRules lexicalRules() {
		return this.lexicalRules;
	}

	@Override
	public LockSql lockSql() {
		return this.lockSql;
	}

	@Override
	public String createHistoryTable(String qualifiedTable) {
		// version is NULL in the rows of repeatable migrations; UNIQUE still holds for the others,
		// since NULLs never collide in a unique constraint (PostgreSQL, H2, MariaDB)
		return """
				CREATE TABLE IF NOT EXISTS %1$s (
				    id                 %4$s,
				    version            VARCHAR(50)  UNIQUE,
				    name               VARCHAR(200) NOT NULL,
				    type               VARCHAR(10)  NOT NULL,
				    checksum           VARCHAR(64),
				    executed_at        %5$s DEFAULT %2$s NOT NULL,
				    execution_time_ms  BIGINT       NOT NULL,
				    batch_number       INTEGER      NOT NULL,
				    installed_by       VARCHAR(100),
				    success            BOOLEAN      NOT NULL,
				    rollback_sql       %3$s,
				    down_transactional BOOLEAN      DEFAULT TRUE NOT NULL%7$s
				)%6$s""".formatted(qualifiedTable, this.clock, this.text, identity(), timeType(), tableOptions(),
				supportsTransactionalDdl() ? "" : PROGRESS_COLUMNS);
	}

	/**
	 * {@inheritDoc} The standard form, as PostgreSQL, H2, MariaDB and MySQL read it.
	 */
	@Override
	public String addHistoryColumn(String qualifiedTable, String column) {
		return "ALTER TABLE " + qualifiedTable + " ADD COLUMN " + column + " INTEGER";
	}

	/**
	 * {@inheritDoc} The standard form, as PostgreSQL and H2 read it.
	 */
	@Override
	public String allowNullHistoryVersion(String qualifiedTable) {
		return "ALTER TABLE " + qualifiedTable + " ALTER COLUMN version DROP NOT NULL";
	}

	@Override
	public String createAuditTable(String qualifiedTable) {
		return """
				CREATE TABLE IF NOT EXISTS %1$s (
				    id          %2$s,
				    occurred_at %3$s DEFAULT %4$s NOT NULL,
				    actor       VARCHAR(200) NOT NULL,
				    operation   VARCHAR(20)  NOT NULL,
				    request     VARCHAR(200) NOT NULL,
				    versions    VARCHAR(4000),
				    outcome     VARCHAR(20)  NOT NULL,
				    message     VARCHAR(2000)
				)%5$s""".formatted(qualifiedTable, identity(), timeType(), auditClock(), tableOptions());
	}

	@Override
	public String createBackfillTable(String qualifiedTable) {
		return """
				CREATE TABLE IF NOT EXISTS %1$s (
				    version      VARCHAR(50)  NOT NULL,
				    name         VARCHAR(100) NOT NULL,
				    state        VARCHAR(10)  NOT NULL,
				    last_key     %3$s,
				    rows_done    BIGINT       NOT NULL,
				    batches      BIGINT       NOT NULL,
				    runs         INTEGER      NOT NULL,
				    resumed_from %3$s,
				    started_at   %4$s DEFAULT %2$s NOT NULL,
				    updated_at   %4$s DEFAULT %2$s NOT NULL,
				    completed_at %4$s,
				    PRIMARY KEY (version, name)
				)%5$s""".formatted(qualifiedTable, this.clock, this.keyText, timeType(), tableOptions());
	}

	/**
	 * Our tables' generated key column, with its type and {@code PRIMARY KEY}.
	 */
	protected String identity() {
		return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	}

	/**
	 * The column type of a point in time in our tables.
	 */
	protected String timeType() {
		return "TIMESTAMP WITH TIME ZONE";
	}

	/**
	 * The audit table's default for when a record was written.
	 */
	protected String auditClock() {
		return "CURRENT_TIMESTAMP";
	}

	/**
	 * What follows the column list of our tables' DDL: empty, or the vendor's table options.
	 */
	protected String tableOptions() {
		return "";
	}

	@Override
	public String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	@Override
	public String currentSchema(Connection connection) throws SQLException {
		return currentSchema(connection, "SELECT CURRENT_SCHEMA",
				"No current schema: the search_path names no existing schema");
	}

	/**
	 * The one value a query for the connection's schema returns.
	 * @param query the query
	 * @param whenNone the failure's message when it returns {@code NULL}
	 */
	protected static String currentSchema(Connection connection, String query, String whenNone) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
			rs.next();
			String schema = rs.getString(1);
			if (schema == null) {
				throw new SQLException(whenNone);
			}
			return schema;
		}
	}

	@Override
	public boolean isConnectionLost(SQLException ex) {
		return hasSqlStatePrefix(ex, "08");
	}

	@Override
	public boolean isCancelled(SQLException ex) {
		return CANCELLED.equals(ex.getSQLState());
	}

	/**
	 * Whether the exception's SQLState starts with {@code prefix} (a class, or a vendor's range).
	 */
	protected static boolean hasSqlStatePrefix(SQLException ex, String prefix) {
		String state = ex.getSQLState();
		return state != null && state.startsWith(prefix);
	}

}
