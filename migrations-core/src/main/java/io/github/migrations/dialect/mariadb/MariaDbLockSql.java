package io.github.migrations.dialect.mariadb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.github.migrations.dialect.StandardLockSql;
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

	MariaDbLockSql() {
		super(CLOCK, "TIMESTAMPADD(MICROSECOND, CAST(? AS SIGNED) * 1000, " + CLOCK + ")");
	}

	@Override
	public String createTable(String table) {
		return createTable(table, "DATETIME(6)", " ENGINE = InnoDB");
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
