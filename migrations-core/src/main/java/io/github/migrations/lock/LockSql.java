package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The SQL of the lock table for one database, implemented beside each dialect, so that
 * {@link TableMigrationLock} holds only control flow. Every method takes the lock table's
 * qualified (and quoted) name; the {@code ?} parameters are listed per statement. Every
 * statement uses the database's clock, never the JVM's.
 */
public interface LockSql {

	/**
	 * DDL creating the lock table if it does not exist (columns {@code id}, {@code is_locked},
	 * {@code locked_by}, {@code locked_at}, {@code lease_expires_at}, {@code fence},
	 * {@code holder_session}, and {@code progress} where {@link #addProgressColumn} is given).
	 */
	String createTable(String table);

	/**
	 * Where the database can tell whether a holder's server session still exists: the DDL adding
	 * {@code holder_session} to a lock table created before it had that column, run in a short
	 * transaction by a runner that holds the lock (it may set a lock timeout first, so that it
	 * gives up rather than queue other runners behind it). {@code null} (the default) where the
	 * lock is lease only: then the column is never written nor read.
	 */
	default @Nullable String addSessionColumn(String table) {
		return null;
	}

	/**
	 * Whether the error means that a column (here {@code holder_session}) does not exist.
	 */
	default boolean isUndefinedColumn(SQLException ex) {
		return false;
	}

	/**
	 * Where DDL commits by itself (MariaDB, MySQL): the DDL adding {@code progress} to a lock table
	 * created before it had that column, run by the holder. The column holds how far the holder's
	 * migration run statement by statement got ({@link #recordProgress}), so that the runner that
	 * takes over from a holder that died in the middle of one knows which statements took effect.
	 * {@code null} (the default) where a migration's statements commit together, or not at all.
	 */
	default @Nullable String addProgressColumn(String table) {
		return null;
	}

	/**
	 * Whether the table has the column, asked without a failing statement where failed
	 * statements are logged ({@link #failedStatementsAreLogged()}). By default a read of the
	 * column that fails with {@link #isUndefinedColumn}.
	 * @param qualifiedTable the table, as the other statements name it
	 */
	default boolean hasColumn(Connection connection, String qualifiedTable, String column) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT " + column + " FROM " + qualifiedTable + " WHERE 1 = 0");
				ResultSet rs = statement.executeQuery()) {
			return true;
		}
		catch (SQLException ex) {
			if (isUndefinedColumn(ex)) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * {@link #extend(String)} that also records the holder's progress in {@code progress} (and,
	 * with {@code clearSession}, clears {@code holder_session} as {@link #extendClearingSession}
	 * does): run in auto-commit before each statement past the first of a migration run statement
	 * by statement, it is that statement's proof of the lock too. Parameters: progress, lease in
	 * milliseconds, fence. Returns the update count (0 = not ours). Only where
	 * {@link #addProgressColumn} is given.
	 */
	default String recordProgress(String table, boolean clearSession) {
		throw new UnsupportedOperationException("This database keeps no progress in its lock table");
	}

	/**
	 * Reads {@code progress} ({@link #recordProgress}). No parameters; one row, one column.
	 */
	default String readProgress(String table) {
		return "SELECT progress FROM " + table + " WHERE id = 1";
	}

	/**
	 * Whether the server sessions of this connection are its own, so that the session that took
	 * the lock ends when the holder's process dies: {@code false} behind a transaction pooler
	 * (PgBouncer) or any proxy that hands a client's statements to sessions it chooses. Asked
	 * once per lock, on the connection of the first attempt. {@code false} by default.
	 */
	default boolean ownsServerSession(Connection connection) throws SQLException {
		return false;
	}

	/**
	 * {@link #acquire(String)}, with the holder's session: {@code write} says what the statement
	 * writes into {@code holder_session}, and {@code takeOverGone} lets it also take a row whose
	 * lease still runs when the session the holder recorded for its fence no longer exists on the
	 * server (the row still must not be locked by any transaction). By default (a lease-only
	 * database) the plain statement.
	 */
	default String acquire(String table, SessionWrite write, boolean takeOverGone) {
		return acquire(table);
	}

	/**
	 * {@link #renew(String)} on the connection the holder keeps for its session: with
	 * {@code record}, records this statement's session for the fence (a new connection after the
	 * old one failed); without, keeps the recorded session only while this statement runs in that
	 * same session, so a pooler that moved the connection to another server session clears it,
	 * and the lock is lease only from then on. By default (a lease-only database) the plain
	 * statement.
	 */
	default String renewInSession(String table, boolean record) {
		return renew(table);
	}

	/**
	 * Inserts the single row ({@code id = 1}, unlocked) unless it exists. Its fence starts at the
	 * database's epoch milliseconds rather than 0, so that a row re-created after a manual delete
	 * still hands out fences greater than any issued before. No parameters.
	 */
	String insertRow(String table);

	/**
	 * Takes the lock if it is free or its lease expired, without waiting for a row lock another
	 * session holds. Parameters: owner, lease in milliseconds. Returns the new fence as a one-row
	 * result set, or no row when the lock is not available.
	 */
	String acquire(String table);

	/**
	 * Whether {@link #insertRow(String)} would wait for the row lock that a running migration
	 * transaction holds on an existing row (InnoDB locks the rows an {@code INSERT ... SELECT}
	 * reads); the row is then looked for first with {@link #read(String)}, which does not wait.
	 */
	default boolean insertRowWaitsForRowLock() {
		return false;
	}

	/**
	 * Whether the driver logs every failed statement itself, at WARN (MariaDB Connector/J logs
	 * each error packet): a table that may be missing (our lock and history tables on a first
	 * start) is then looked up with {@link #tableExists} before it is read, so that a start with
	 * nothing wrong logs no WARN. Elsewhere the read itself finds out, saving a round trip.
	 */
	default boolean failedStatementsAreLogged() {
		return false;
	}

	/**
	 * Whether the table exists, asked of the catalog without failing (see
	 * {@link #failedStatementsAreLogged()}).
	 * @param qualifiedTable the table, schema-qualified and quoted as needed, as the other
	 * statements name it
	 */
	default boolean tableExists(Connection connection, String qualifiedTable) throws SQLException {
		throw new UnsupportedOperationException("Only asked where failed statements are logged");
	}

	/**
	 * Where one {@code UPDATE} can neither skip a locked row nor hand back the new fence (MariaDB,
	 * MySQL): the {@code SELECT ... FOR UPDATE SKIP LOCKED} that locks the row when it is free or
	 * its lease expired, returning its fence; {@link #acquire(String)} then updates the locked row
	 * in the same transaction, and the new fence is the one read plus one. {@code null} (the
	 * default) where {@link #acquire(String)} does both in one statement. No parameters.
	 */
	default @Nullable String lockFreeRow(String table) {
		return null;
	}

	/**
	 * {@link #lockFreeRow(String)} that, with {@code takeOverGone}, also locks a row whose lease
	 * still runs when its holder's recorded session is gone (see
	 * {@link #acquire(String, SessionWrite, boolean)}). By default the plain statement.
	 */
	default @Nullable String lockFreeRow(String table, boolean takeOverGone) {
		return lockFreeRow(table);
	}

	/**
	 * The heartbeat: extends the lease if the fence is still ours, skipping (0 rows) instead of
	 * waiting when another transaction holds the row lock. Parameters: lease in milliseconds,
	 * fence. Returns the update count. Where {@link #lockOwnRow(String)} is given, this runs after
	 * it in the same transaction, on the row it locked.
	 */
	String renew(String table);

	/**
	 * Where the heartbeat cannot skip a locked row in one {@code UPDATE} (MySQL refuses an
	 * {@code UPDATE} whose subquery reads the same table, error 1093): the
	 * {@code SELECT ... FOR UPDATE SKIP LOCKED} that locks the row while the fence is ours and no
	 * other transaction holds it; {@link #renew(String)} then updates it in the same short
	 * transaction. Parameter: fence. {@code null} (the default) where {@link #renew(String)} does
	 * both in one statement.
	 */
	default @Nullable String lockOwnRow(String table) {
		return null;
	}

	/**
	 * Proves the fence is ours and extends the lease; inside a transaction it keeps the row
	 * locked until that transaction ends. Parameters: lease in milliseconds, fence. Returns the
	 * update count (0 = not ours).
	 */
	String extend(String table);

	/**
	 * {@link #extend(String)} that also clears {@code holder_session}: before a statement that runs
	 * outside a transaction (a {@code CREATE INDEX CONCURRENTLY}), which the server does not stop
	 * when the holder dies, so waiters must wait out the lease from then on. By default (a
	 * lease-only database) the plain statement.
	 */
	default String extendClearingSession(String table) {
		return extend(table);
	}

	/**
	 * Proves the fence is ours without extending the lease: a plain read, nothing to write or
	 * commit. Parameter: fence. Returns a row while the lock is ours, none otherwise.
	 */
	String verify(String table);

	/**
	 * The lock row as the source of a write fenced by it ({@code INSERT INTO … SELECT … }<i>this</i>):
	 * a {@code FROM} and {@code WHERE} clause that yields one row while the lock is ours, none
	 * otherwise, the same condition as {@link #verify}. Parameter: fence.
	 */
	default String fencedRows(String table) {
		return " FROM " + table + " WHERE id = 1 AND fence = ? AND is_locked";
	}

	/**
	 * Whether {@link #fencedRows} takes a lock on the lock row that it keeps to the end of the
	 * transaction (a locking read, {@code LOCK IN SHARE MODE} on MariaDB and MySQL), under every
	 * isolation level: then a write fenced by it in a transaction proves the fence for the commit
	 * that follows, since no runner can take the lock in between, and the transaction needs no
	 * fence of its own at its start. {@code false} by default.
	 */
	default boolean fencedRowsHoldTheRow() {
		return false;
	}

	/**
	 * Releases the lock if the fence is still ours. Parameter: fence.
	 */
	String release(String table);

	/**
	 * {@link #release(String)} that also clears {@code progress} ({@link #recordProgress}): a holder
	 * that releases the lock left no migration part-way. By default (no such column) the plain
	 * statement.
	 */
	default String releaseClearingProgress(String table) {
		return release(table);
	}

	/**
	 * Reads the row without locking it. Columns: held (locked and lease not expired, by the
	 * database's clock), locked_by, locked_at, lease_expires_at, fence, is_locked. No parameters.
	 */
	String read(String table);

	/**
	 * The first statement of a migration transaction where the database has transaction-scoped
	 * settings worth setting: the settings, then {@link #extend(String)}, sent as one prepared
	 * text (one round trip); or {@code null} when it has none (then {@link #extend(String)} runs
	 * alone). Parameters, all settings bound as strings: lease in milliseconds (how long the
	 * transaction may stay idle), client check interval in milliseconds, then {@code extra} pairs
	 * of setting name and value, then those of {@link #extend(String)}.
	 * @param extra how many more settings (name and value) the statement sets
	 */
	@Nullable String settingsAndExtend(String table, int extra);

	/**
	 * The fence of a pipelined migration transaction (see {@link io.github.migrations.dialect.Dialect#pipelines()}):
	 * one statement, with its values written into the text (a batch carries no parameters), that
	 * applies the settings of {@link #settingsAndExtend}, locks the row until the transaction ends
	 * while the fence is ours (as {@link #extend(String)} does; the lease may be extended at the
	 * end instead, {@link #extendIfAged}), and <em>raises an error</em> when it found no such row
	 * (the lock is not ours, its row is gone), so that the server aborts the transaction and skips
	 * every statement sent after it. {@code null} (the default) where the database cannot.
	 * @param leaseMillis the lease, also how long the transaction may stay idle
	 * @param checkIntervalMillis how often the server checks that the client is still there
	 * @param settings further transaction-scoped settings, name to value
	 * @param fence the fencing token that must still be the row's
	 */
	default @Nullable String raisingFence(String table, long leaseMillis, long checkIntervalMillis,
			Map<String, String> settings, long fence) {
		return null;
	}

	/**
	 * Whether the error is the one {@link #raisingFence} raises when the lock is not ours.
	 */
	default boolean isFenceRefused(SQLException ex) {
		return false;
	}

	/**
	 * The last lease extension of a pipelined migration transaction, values written into the
	 * text, a data-modifying statement that may run as a {@code WITH} part of the history row's
	 * {@code INSERT}: extends the lease as {@link #extend(String)} does, but only when less than
	 * two thirds of it are left (otherwise it writes nothing: the heartbeat renews the lease, and
	 * while migrations follow each other, whose transactions hold the row, this statement does,
	 * about once a third of the lease). The transaction holds the row since its fence, so this
	 * cannot fail to find it. {@code null} where {@link #raisingFence} is.
	 */
	default @Nullable String extendIfAged(String table, long leaseMillis, long fence) {
		return null;
	}

	/**
	 * Reads a time column of our tables (the lock's, the history's) as the instant it holds.
	 * By default the driver's {@code OffsetDateTime} of a {@code TIMESTAMP WITH TIME ZONE}.
	 */
	default @Nullable OffsetDateTime readTime(ResultSet rs, int column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class);
	}

	/**
	 * Binds an instant to a parameter written into a time column of our tables (see
	 * {@link #readTime}).
	 */
	default void bindTime(PreparedStatement statement, int index, OffsetDateTime time) throws SQLException {
		statement.setObject(index, time);
	}

	/**
	 * What an acquiring statement writes into {@code holder_session}.
	 */
	enum SessionWrite {

		/** Nothing: the lock table has no such column (created by an older version). */
		NONE,

		/** {@code NULL}: waiters must wait out this holder's lease. */
		CLEAR,

		/**
		 * The new fence and this statement's server session ({@code <fence>/<session>}): a waiter
		 * may take over as soon as that session is gone.
		 */
		RECORD

	}

	/**
	 * Whether the error means that another runner created the table or row at the same moment.
	 */
	boolean isAlreadyExists(SQLException ex);

	/**
	 * Whether the error means that the lock table does not exist.
	 */
	boolean isUndefinedTable(SQLException ex);

	/**
	 * Whether the database gave up the statement's transaction to resolve a conflict with another
	 * runner's (a deadlock between two runners taking the lock at once): nothing of it was done,
	 * and the next poll may try again. None by default.
	 */
	default boolean isConflictResolved(SQLException ex) {
		return false;
	}

}
