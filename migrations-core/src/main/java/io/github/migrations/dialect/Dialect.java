package io.github.migrations.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.github.migrations.lock.LockSql;
import io.github.migrations.parse.StatementSplitter;
import org.jspecify.annotations.Nullable;

/**
 * Everything that differs between databases: the DDL of our tables, the splitter's syntax, the
 * lock SQL, session settings. The engine talks to a database only through this seam.
 */
public interface Dialect {

	/**
	 * The vendor name used for the {@code {vendor}} location placeholder: {@code postgresql},
	 * {@code h2}.
	 */
	String vendor();

	/**
	 * The statement splitter for this database's SQL syntax.
	 */
	StatementSplitter splitter();

	/**
	 * The SQL of the lock table.
	 */
	LockSql lockSql();

	/**
	 * DDL that creates the history table if it does not exist.
	 * @param qualifiedTable the table name, schema-qualified and quoted
	 */
	String createHistoryTable(String qualifiedTable);

	/**
	 * DDL that creates a schema if it does not exist.
	 */
	default String createSchema(String quotedSchema) {
		return "CREATE SCHEMA IF NOT EXISTS " + quotedSchema;
	}

	/**
	 * Quotes an identifier (case preserved as the database folds unquoted names).
	 */
	String quote(String identifier);

	/**
	 * The connection's current schema, as the database names it.
	 */
	String currentSchema(Connection connection) throws SQLException;

	/**
	 * Called first in every migration transaction: applies the lock and statement timeouts for
	 * this transaction only, so that nothing leaks into the session.
	 */
	void beginTransaction(Connection connection, @Nullable Duration lockTimeout, @Nullable Duration statementTimeout)
			throws SQLException;

	/**
	 * Undoes session state a migration may have changed ({@code SET search_path}, {@code SET ROLE},
	 * ...) before the connection goes back to a pool.
	 */
	void resetSession(Connection connection) throws SQLException;

	/**
	 * Whether the exception means a lock could not be obtained in time (worth a retry).
	 */
	boolean isLockTimeout(SQLException ex);

	/**
	 * Whether DDL takes part in transactions (so a failed migration leaves nothing behind).
	 */
	default boolean supportsTransactionalDdl() {
		return true;
	}

}
