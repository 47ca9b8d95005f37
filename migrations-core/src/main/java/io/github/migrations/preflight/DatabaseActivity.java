package io.github.migrations.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a database tells about its sessions, locks and tables, for the pre-flight checks. Only a
 * dialect that can tell has one; every query is read-only. The engine hands it to the checks
 * through {@link PreflightContext#activity()}.
 */
public interface DatabaseActivity {

	/**
	 * Bounds every statement of the current transaction (statement time and lock waits), so that
	 * a check never hangs behind a lock.
	 * @param transaction a connection with auto-commit off
	 */
	void limitTransaction(Connection transaction, Duration timeout) throws SQLException;

	/**
	 * Sets back, after the last check, what {@link #limitTransaction} set beyond the transaction
	 * (where the database has no transaction-scoped timeouts: MariaDB, MySQL). Nothing by default.
	 */
	default void endChecks(Connection connection) throws SQLException {
	}

	/**
	 * How an operator ends a session, for the findings' messages.
	 * @param pid the session's id, as {@link LockingSession#pid()}
	 */
	default String endSession(int pid) {
		return "SELECT pg_terminate_backend(" + pid + ")";
	}

	/**
	 * The sessions that hold or wait for a lock on one of the tables and are idle in transaction
	 * for at least {@code idleInTransaction}, or whose transaction has run for at least
	 * {@code longRunning}. The inspecting session and those whose application name starts with
	 * {@code ignoredApplicationPrefix} (migration runners) are left out.
	 */
	List<LockingSession> lockingSessions(Connection connection, List<String> tables, Duration idleInTransaction,
			Duration longRunning, String ignoredApplicationPrefix) throws SQLException;

	/**
	 * The size of each table, with its indexes and TOAST data, largest first.
	 */
	List<TableSize> tableSizes(Connection connection, List<String> tables) throws SQLException;

	/**
	 * The client sessions of this database running a statement right now, other than the
	 * inspecting one and the migration runners'.
	 */
	ActiveSessions activeSessions(Connection connection, String ignoredApplicationPrefix) throws SQLException;

	/**
	 * A session in the way of a migration.
	 *
	 * @param pid the server process id (what {@code pg_terminate_backend} takes; MariaDB's and
	 * MySQL's connection id, what {@code KILL} takes)
	 * @param applicationName the application name the session set (MariaDB, MySQL:
	 * {@code user@host}, a session there has no application name)
	 * @param state e.g. {@code active}, {@code idle in transaction}
	 * @param transactionStart when its transaction started
	 * @param queryStart when its current (or last) statement started
	 * @param locks the locks on the tables, e.g. {@code shop.orders AccessShareLock}, waited-for
	 * ones marked {@code (waiting)}
	 * @param waiting whether it waits for one of them
	 * @param query the start of its current (or last) statement
	 */
	record LockingSession(int pid, @Nullable String applicationName, @Nullable String state,
			@Nullable OffsetDateTime transactionStart, @Nullable OffsetDateTime queryStart, String locks,
			boolean waiting, @Nullable String query) {
	}

	/**
	 * @param table schema-qualified name
	 * @param bytes size on disk, indexes and TOAST included
	 */
	record TableSize(String table, long bytes) {
	}

	/**
	 * @param count how many sessions run a statement
	 * @param byApplication how many of them per application name, most first
	 */
	record ActiveSessions(int count, Map<String, Integer> byApplication) {
	}

}
