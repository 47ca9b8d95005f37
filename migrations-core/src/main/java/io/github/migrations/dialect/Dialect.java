package io.github.migrations.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.lock.LockSql;
import io.github.migrations.parse.LexicalRules;
import io.github.migrations.preflight.DatabaseActivity;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import org.jspecify.annotations.Nullable;

/**
 * Everything that differs between databases: the DDL of our tables, the lexical rules of their
 * SQL, the lock SQL, session settings and reset, the views of sessions and locks, and what an
 * error means. The engine talks to a database only through this seam; one vendor is one package
 * ({@code dialect.postgres}, {@code dialect.h2}), most building on {@link StandardSqlDialect}.
 */
public interface Dialect {

	/**
	 * The vendor name used for the {@code {vendor}} location placeholder: {@code postgresql},
	 * {@code h2}.
	 */
	String vendor();

	/**
	 * The lexical rules of this database's SQL: what the splitter, the linter and the pre-flight
	 * table finder read statements with.
	 */
	LexicalRules lexicalRules();

	/**
	 * The statement splitter for this database's SQL.
	 */
	default StatementSplitter splitter() {
		return new StatementSplitter(lexicalRules());
	}

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
	 * DDL that lets the history table's {@code version} column hold {@code NULL} (the rows of
	 * repeatable migrations have none), for a table created before that was allowed.
	 * @param qualifiedTable the table name, schema-qualified and quoted
	 */
	String allowNullHistoryVersion(String qualifiedTable);

	/**
	 * DDL that adds a nullable integer column to the history table, for a table created before
	 * the column existed (the per-statement progress where DDL commits by itself).
	 * @param qualifiedTable the table name, schema-qualified and quoted
	 * @param column the column's name
	 */
	String addHistoryColumn(String qualifiedTable, String column);

	/**
	 * DDL that creates the rollback audit table if it does not exist.
	 */
	String createAuditTable(String qualifiedTable);

	/**
	 * DDL that creates the progress table of batched backfills if it does not exist: one row per
	 * migration version and backfill name, with the last key done (see
	 * {@link io.github.migrations.backfill.Backfill}).
	 */
	String createBackfillTable(String qualifiedTable);

	/**
	 * Whether the database answers a row-value comparison ({@code (a, b) > (?, ?)}) from an index
	 * on those columns; where not (MariaDB, MySQL), a backfill's keyset pages compare a key of
	 * several columns column by column.
	 */
	default boolean indexesRowValueComparisons() {
		return true;
	}

	/**
	 * DDL that creates a schema if it does not exist.
	 */
	default String createSchema(String quotedSchema) {
		return "CREATE SCHEMA IF NOT EXISTS " + quotedSchema;
	}

	/**
	 * Makes {@code schema} the connection's current schema, so that a tenant's migrations land in
	 * the tenant's schema (their unqualified names resolve there). The default is JDBC's
	 * {@link Connection#setSchema}; a schema that does not exist yet is tolerated where the
	 * database refuses to make it current (the run creates it before it applies anything).
	 * @return what {@link #leaveSchema} needs to set the connection back
	 */
	default @Nullable String useSchema(Connection connection, String schema) throws SQLException {
		String previous = connection.getSchema();
		connection.setSchema(schema);
		return previous;
	}

	/**
	 * Sets the current schema back to what it was before {@link #useSchema}, before the
	 * connection goes back to the application's pool.
	 * @param previous what {@link #useSchema} returned
	 */
	default void leaveSchema(Connection connection, @Nullable String previous) throws SQLException {
		connection.setSchema(previous);
	}

	/**
	 * One query that digests the history table of each of many schemas (the tenants'), or
	 * {@code null} where the database cannot read many tables in one statement: then every
	 * tenant gets a run of its own to find out. Its parameters: the history table's name and the
	 * schemas (a text array); its rows: schema, row count, failed row count, and the MD5 of the
	 * rows' {@code key=checksum} (key = version, or {@code R:name} for a repeatable), joined by
	 * commas in byte order of the keys. Schemas without the table give no row.
	 */
	default @Nullable String historyDigestsQuery() {
		return null;
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
	 * {@link #currentSchema}, asked of the connection this dialect was just detected on (before
	 * anything else ran on it): a dialect whose detection already read it answers without a round
	 * trip (MariaDB and MySQL read {@code DATABASE()} with the session's settings).
	 */
	default String currentSchemaAfterDetection(Connection connection) throws SQLException {
		return currentSchema(connection);
	}

	/**
	 * Settings applied first in every migration transaction, for that transaction only (so
	 * nothing leaks into the session or, through a transaction pooler, into other clients): lock
	 * and statement timeouts and the application name. They are sent together with the lock's
	 * fence check in one round trip.
	 * @return setting name to value, empty when the database has no such settings
	 */
	default Map<String, String> transactionSettings(@Nullable Duration lockTimeout,
			@Nullable Duration statementTimeout, @Nullable String applicationName) {
		return Map.of();
	}

	/**
	 * Runs {@code COPY ... FROM stdin} with inline data.
	 */
	default void copyIn(Connection connection, String sql, String data) throws SQLException {
		throw new SQLException("COPY FROM stdin is not supported on " + vendor());
	}

	/**
	 * Runs one statement of a script (a migration's, a callback's): {@code COPY ... FROM stdin}
	 * with its inline data through {@link #copyIn}, any other on the JDBC statement.
	 */
	default void execute(Connection connection, Statement jdbc, SqlStatement statement) throws SQLException {
		String copyData = statement.copyData();
		if (copyData != null) {
			copyIn(connection, statement.sql(), copyData);
		}
		else {
			jdbc.execute(statement.sql());
		}
	}

	/**
	 * Undoes session state a migration may have changed ({@code SET search_path}, {@code SET ROLE},
	 * ...) before the connection goes back to a pool.
	 */
	void resetSession(Connection connection) throws SQLException;

	/**
	 * Whether a statement may change session state, so that the session must be reset after the
	 * migration ({@link #resetSession}); only then is it reset (a round trip saved for every other
	 * migration). Here: a statement that starts with {@code SET} or {@code RESET}, or names
	 * {@code SESSION AUTHORIZATION} anywhere, the code in its string literals included.
	 */
	default boolean changesSession(SqlStatement statement) {
		return statement.startsWith("SET") || statement.startsWith("RESET")
				|| statement.mentions("SESSION", "AUTHORIZATION");
	}

	/**
	 * Whether the exception means a lock could not be obtained in time (worth a retry).
	 */
	boolean isLockTimeout(SQLException ex);

	/**
	 * Whether a query failed only because the table (or its schema) does not exist yet: the
	 * history is then empty.
	 */
	boolean isMissingTable(SQLException ex);

	/**
	 * Whether the exception means the connection is gone or the server ended the session
	 * (restart, termination): nothing of the transaction it ran was kept.
	 */
	boolean isConnectionLost(SQLException ex);

	/**
	 * Whether the exception means the statement was cancelled ({@link java.sql.Statement#cancel()},
	 * as the lock's heartbeat does when the lock is lost).
	 */
	boolean isCancelled(SQLException ex);

	/**
	 * Whether the exception means the server ended the session because it stayed idle in its
	 * transaction too long (PostgreSQL: the migration transaction's
	 * {@code idle_in_transaction_session_timeout}, which the lock sets to the lease: the runner
	 * was paused past its lease). None by default.
	 */
	default boolean isIdleInTransactionTimeout(SQLException ex) {
		return false;
	}

	/**
	 * Describes the sessions that hold locks a timed-out statement needed, one line each (pid,
	 * application, state, transaction and query start, the start of the query), read on a
	 * connection of its own after the statement's transaction ended. The relations are those the
	 * statement names; when none of them exists, sessions in this database whose transaction holds
	 * table locks for longer than {@code lockTimeout} are listed instead.
	 * @param connection a connection other than the migration's
	 * @param statement the statement that hit the lock timeout, or {@code null} if unknown
	 * @param lockTimeout the lock timeout in effect, or {@code null}
	 * @return the blocking sessions, empty when the database cannot tell
	 */
	default List<String> describeLockHolders(Connection connection, @Nullable String statement,
			@Nullable Duration lockTimeout) throws SQLException {
		return List.of();
	}

	/**
	 * Where an operator finds the sessions that hold locks, for messages.
	 */
	default String lockViews() {
		return "pg_stat_activity, pg_locks";
	}

	/**
	 * How an operator ends a stuck session, for messages.
	 */
	default String endSessionHint() {
		return "pg_terminate_backend(pid)";
	}

	/**
	 * Sets the lock timeout of one migration on its connection where the database has no
	 * transaction-scoped setting for it (MariaDB, MySQL); {@link #resetLockTimeout} sets it back
	 * before the connection returns to its pool. Nothing by default (the timeout is among the
	 * {@link #transactionSettings}).
	 * @param lockTimeout the lock timeout, or {@code null} for none
	 * @return whether anything was set
	 */
	default boolean setLockTimeout(Connection connection, @Nullable Duration lockTimeout) throws SQLException {
		return false;
	}

	/**
	 * {@link #setLockTimeout}, and the statement timeout of the migrations' statements where it,
	 * too, is a session setting only (MariaDB, MySQL): set on a run's connection once, for its
	 * steps, and set back with the lock timeout by {@link #resetLockTimeout}. By default the lock
	 * timeout only (the statement timeout is among the {@link #transactionSettings}).
	 * @param lockTimeout the lock timeout, or {@code null} for none
	 * @param statementTimeout the statement timeout, or {@code null} for none
	 * @return whether anything was set
	 */
	default boolean setTimeouts(Connection connection, @Nullable Duration lockTimeout,
			@Nullable Duration statementTimeout) throws SQLException {
		return setLockTimeout(connection, lockTimeout);
	}

	/**
	 * Sets back what {@link #setLockTimeout} or {@link #setTimeouts} set (also part of
	 * {@link #resetSession}).
	 */
	default void resetLockTimeout(Connection connection) throws SQLException {
	}

	/**
	 * Whether the exception means that a statement ran longer than the statement timeout
	 * ({@code migrations.statement-timeout}) allows, where the database tells that apart from
	 * other cancellations; {@code false} by default.
	 */
	default boolean isStatementTimeout(SQLException ex) {
		return false;
	}

	/**
	 * Whether a statement failed because what it creates exists already (a table, a column, an
	 * index, a routine, a trigger, an event), where the database tells that apart; {@code false}
	 * by default. Where DDL commits by itself, that is what a migration run again after an earlier
	 * run stopped part-way through it meets first.
	 */
	default boolean isAlreadyThere(SQLException ex) {
		return false;
	}

	/**
	 * Whether a statement failed because its transaction holds more locks than the server's lock
	 * table has room for (PostgreSQL's "out of shared memory", whose hint names
	 * {@code max_locks_per_transaction}); {@code false} by default.
	 */
	default boolean isOutOfLocks(SQLException ex) {
		return false;
	}

	/**
	 * The indexes of a schema that the database keeps but never uses (PostgreSQL's INVALID
	 * indexes, left by an interrupted {@code CREATE INDEX CONCURRENTLY}), schema-qualified and
	 * quoted, each with its table; none by default.
	 */
	default List<InvalidIndex> invalidIndexes(Connection connection, String schema) throws SQLException {
		return List.of();
	}

	/**
	 * The statement that drops an index without blocking writes to its table.
	 */
	default String dropIndex(String qualifiedIndex) {
		return "DROP INDEX IF EXISTS " + qualifiedIndex;
	}

	/**
	 * An index the database marked unusable.
	 * @param index the index, schema-qualified and quoted
	 * @param table the table, schema-qualified and quoted
	 */
	record InvalidIndex(String index, String table) {

	}

	/**
	 * Why this connection's session cannot write, in words that follow "it is"
	 * ({@code a standby in recovery ...}); {@code null} when it can, or the database cannot tell.
	 * Asked once per write operation, before anything is written.
	 */
	default @Nullable String readOnly(Connection connection) throws SQLException {
		return null;
	}

	/**
	 * The server the connection reached, {@code host:port} as the server sees itself, for
	 * messages; {@code null} when unknown.
	 */
	default @Nullable String serverAddress(Connection connection) throws SQLException {
		return null;
	}

	/**
	 * Whether a commit on this connection may wait for standbys to confirm it (PostgreSQL with
	 * {@code synchronous_standby_names} set and {@code synchronous_commit} neither {@code off} nor
	 * {@code local}): such a commit is sent by itself, under the commit timeout.
	 */
	default boolean commitMayWaitForStandbys(Connection connection) throws SQLException {
		return false;
	}

	/**
	 * Asks the server, from another thread, to cancel what the connection's session is doing
	 * (the commit timeout's cancel of a commit waiting for synchronous standbys).
	 * @return {@code false} where the database offers no such cancel
	 */
	default boolean cancel(Connection connection) throws SQLException {
		return false;
	}

	/**
	 * What the database tells about its sessions, locks and table sizes, for the pre-flight
	 * checks; empty when it cannot tell (those checks are then skipped).
	 */
	default Optional<DatabaseActivity> activity() {
		return Optional.empty();
	}

	/**
	 * The existing tables that these statements name, schema-qualified and quoted as needed
	 * ({@code shop.orders}), each once: the tables the pre-flight checks look at. Empty where the
	 * database cannot tell.
	 */
	default List<String> tablesNamedIn(Connection connection, List<SqlStatement> statements) throws SQLException {
		return List.of();
	}

	/**
	 * The linter for this database's SQL, run on the pending migrations before a migrate run
	 * takes the lock; empty when there is none (that gate is then skipped).
	 */
	default Optional<MigrationLinter> linter() {
		return Optional.empty();
	}

	/**
	 * Whether the driver may send a statement and {@code COMMIT} as one prepared text, in one
	 * round trip, and still knows afterwards that the transaction ended (pgjdbc does: it follows
	 * the server's transaction status). A migration's history row and its commit then cost one
	 * round trip instead of two.
	 */
	default boolean commitsWithStatement() {
		return false;
	}

	/**
	 * An instant given as a parameter, or, when it is {@code NULL}, the database's clock: a time
	 * column's value in an {@code INSERT} (bound with the lock SQL's
	 * {@link LockSql#bindTime bindTime}).
	 */
	default String timeOrNow() {
		return "COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), CURRENT_TIMESTAMP)";
	}

	/**
	 * Whether the statement ends the transaction it runs in by itself (DDL on MariaDB and MySQL):
	 * a migration holding one cannot be atomic, so it runs statement by statement, the fence proven
	 * before each, and a failure leaves it dirty, naming the statement that failed. None by
	 * default.
	 */
	default boolean commitsImplicitly(SqlStatement statement) {
		return false;
	}

	/**
	 * Whether a section runs in one transaction: when it is not marked {@code notransaction} and
	 * none of its statements {@link #commitsImplicitly commits by itself}; otherwise statement by
	 * statement. The one rule for applying, reverting and planning a rollback.
	 * @param marked whether the section is transactional as written (no {@code notransaction})
	 * @param statements its statements
	 */
	default boolean runsInTransaction(boolean marked, List<SqlStatement> statements) {
		return marked && statements.stream().noneMatch(this::commitsImplicitly);
	}

	/**
	 * Whether a transactional migration may be sent as one pipeline: the driver's batch of plain
	 * statements ({@link java.sql.Statement#executeBatch()}) goes out in one round trip, stops at the
	 * first error, and the server skips everything after it in the transaction; the lock's
	 * {@link io.github.migrations.lock.LockSql#raisingFence fence raises} an error when the lock is
	 * not ours. Also what group mode ({@code migrations.group}) needs. None by default.
	 */
	default boolean pipelines() {
		return false;
	}

	/**
	 * Whether a statement may ride in a pipeline ({@link #pipelines()}): it returns no rows,
	 * changes no session state, sends no inline data and is one statement to the driver. Any other
	 * runs by itself, between the pipeline's batches. None by default.
	 */
	default boolean pipelinable(SqlStatement statement) {
		return false;
	}

	/**
	 * A string as a literal of this database's SQL, or {@code NULL}: for the values of our own
	 * rows written into a pipelined batch, which carries no parameters.
	 */
	default String literal(@Nullable String value) {
		return (value != null) ? "'" + value.replace("'", "''") + "'" : "NULL";
	}

	/**
	 * SQL for the milliseconds from {@code start} (SQL for an instant; {@code null}: the start of
	 * the transaction) to now, as a whole number: the execution time a pipelined migration's
	 * history row records, measured by the server ({@link #pipelines()} only).
	 */
	default String elapsedMillisSince(@Nullable String start) {
		throw new UnsupportedOperationException(vendor() + " does not pipeline migrations");
	}

	/**
	 * SQL for the database's clock, read anew by every statement (not the transaction's start).
	 */
	default String clock() {
		return "CURRENT_TIMESTAMP";
	}

	/**
	 * Whether DDL takes part in transactions (so a failed migration leaves nothing behind).
	 */
	default boolean supportsTransactionalDdl() {
		return true;
	}

}
