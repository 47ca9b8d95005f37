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
	 * The standbys streaming from this server; {@code null} where the database cannot tell (the
	 * replication check is then skipped and backfills do not pause for standbys). One query.
	 */
	default @Nullable Replication replication(Connection connection) throws SQLException {
		return null;
	}

	/**
	 * The replication slots no client uses, which keep WAL on the server; none by default.
	 */
	default List<InactiveSlot> inactiveSlots(Connection connection) throws SQLException {
		return List.of();
	}

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
	 * What the primary knows of its standbys.
	 *
	 * @param position the primary's current WAL position, in bytes
	 * @param synchronousStandbyNames {@code synchronous_standby_names}, empty when commits wait for
	 * no standby
	 * @param standbys the standbys connected now
	 */
	record Replication(long position, String synchronousStandbyNames, List<Standby> standbys) {
	}

	/**
	 * A standby connected to the primary ({@code pg_stat_replication}).
	 *
	 * @param name its {@code application_name} (what {@code synchronous_standby_names} lists)
	 * @param address its address, or {@code null} (a Unix socket)
	 * @param state {@code streaming}, {@code catchup}...; {@code null} when the migration user may
	 * not see it (it needs {@code pg_read_all_stats} or {@code pg_monitor})
	 * @param syncState {@code async}, {@code sync}, {@code quorum} or {@code potential}
	 * @param replayLag the standby's last reported replay lag, {@code null} when caught up (or
	 * not visible); it does not grow while the standby's replay is stuck, which
	 * {@code bytesBehind} shows
	 * @param bytesBehind WAL the standby has not replayed yet, {@code -1} when not visible
	 * @param replayed the WAL position the standby has replayed, {@code -1} when not visible
	 */
	record Standby(String name, @Nullable String address, @Nullable String state, @Nullable String syncState,
			@Nullable Duration replayLag, long bytesBehind, long replayed) {

		/** Whether the migration user may see its progress. */
		public boolean visible() {
			return this.state != null && this.bytesBehind >= 0;
		}

		/** Whether commits wait for it. */
		public boolean synchronous() {
			return "sync".equals(this.syncState) || "quorum".equals(this.syncState);
		}

	}

	/**
	 * A replication slot no client uses ({@code pg_replication_slots}).
	 *
	 * @param name the slot
	 * @param type {@code physical} or {@code logical}
	 * @param retainedBytes WAL the primary keeps for it
	 */
	record InactiveSlot(String name, String type, long retainedBytes) {
	}

	/**
	 * @param count how many sessions run a statement
	 * @param byApplication how many of them per application name, most first
	 */
	record ActiveSessions(int count, Map<String, Integer> byApplication) {
	}

}
