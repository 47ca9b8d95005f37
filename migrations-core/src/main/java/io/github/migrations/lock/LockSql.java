package io.github.migrations.lock;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

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
	 * {@code locked_by}, {@code locked_at}, {@code lease_expires_at}, {@code fence}).
	 */
	String createTable(String table);

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
	 * The heartbeat: extends the lease if the fence is still ours, skipping (0 rows) instead of
	 * waiting when another transaction holds the row lock. Parameters: lease in milliseconds,
	 * fence. Returns the update count.
	 */
	String renew(String table);

	/**
	 * Proves the fence is ours and extends the lease; inside a transaction it keeps the row
	 * locked until that transaction ends. Parameters: lease in milliseconds, fence. Returns the
	 * update count (0 = not ours).
	 */
	String extend(String table);

	/**
	 * Proves the fence is ours without extending the lease: a plain read, nothing to write or
	 * commit. Parameter: fence. Returns a row while the lock is ours, none otherwise.
	 */
	String verify(String table);

	/**
	 * Releases the lock if the fence is still ours. Parameter: fence.
	 */
	String release(String table);

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
