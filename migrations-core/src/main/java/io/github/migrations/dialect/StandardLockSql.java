package io.github.migrations.dialect;

import io.github.migrations.lock.LockSql;
import org.jspecify.annotations.Nullable;

/**
 * The lock table's SQL as most databases write it, said once from two vendor expressions: the
 * database's clock and the end of a lease from it. A vendor adds how it inserts the row unless
 * present, how an {@code UPDATE} hands back the new fence, and which errors mean "already
 * exists" and "no such table". Taking the row uses {@code FOR UPDATE SKIP LOCKED}, so a runner
 * never waits for another's row lock.
 */
public abstract class StandardLockSql implements LockSql {

	private final String clock;

	private final String leaseEnd;

	/**
	 * @param clock the database's current time, e.g. {@code CURRENT_TIMESTAMP}
	 * @param leaseEnd the clock plus a lease given in milliseconds as the one {@code ?} parameter
	 */
	protected StandardLockSql(String clock, String leaseEnd) {
		this.clock = clock;
		this.leaseEnd = leaseEnd;
	}

	@Override
	public String createTable(String table) {
		return createTable(table, "TIMESTAMP WITH TIME ZONE", "");
	}

	/**
	 * The lock table's DDL with a vendor's time type and table options.
	 * @param time the type of a point in time
	 * @param options what follows the column list, or an empty string
	 */
	protected static String createTable(String table, String time, String options) {
		return """
				CREATE TABLE IF NOT EXISTS %s (
				    id               INTEGER      PRIMARY KEY,
				    is_locked        BOOLEAN      NOT NULL,
				    locked_by        VARCHAR(255),
				    locked_at        %2$s,
				    lease_expires_at %2$s,
				    fence            BIGINT       NOT NULL
				)%3$s""".formatted(table, time, options);
	}

	@Override
	public String acquire(String table) {
		return returningFence("UPDATE " + table + " SET is_locked = TRUE, locked_by = ?, locked_at = " + this.clock
				+ ", lease_expires_at = " + this.leaseEnd + ", fence = fence + 1 "
				+ "WHERE id = (SELECT id FROM " + table + " WHERE id = 1 "
				+ "AND (NOT is_locked OR lease_expires_at < " + this.clock + ") FOR UPDATE SKIP LOCKED)");
	}

	/**
	 * The statement that runs {@code update} and returns the updated row's {@code fence} as a
	 * result set.
	 */
	protected abstract String returningFence(String update);

	@Override
	public String renew(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + this.leaseEnd + " WHERE id = (SELECT id FROM " + table
				+ " WHERE id = 1 AND fence = ? AND is_locked FOR UPDATE SKIP LOCKED)";
	}

	@Override
	public String extend(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + this.leaseEnd
				+ " WHERE id = 1 AND fence = ? AND is_locked";
	}

	@Override
	public String verify(String table) {
		return "SELECT fence FROM " + table + " WHERE id = 1 AND fence = ? AND is_locked";
	}

	@Override
	public String release(String table) {
		return "UPDATE " + table + " SET is_locked = FALSE, lease_expires_at = " + this.clock
				+ " WHERE id = 1 AND fence = ?";
	}

	@Override
	public String read(String table) {
		return "SELECT is_locked AND lease_expires_at >= " + this.clock + ", locked_by, locked_at, lease_expires_at, "
				+ "fence, is_locked FROM " + table + " WHERE id = 1";
	}

	/**
	 * None by default.
	 */
	@Override
	public @Nullable String settingsAndExtend(String table, int extra) {
		return null;
	}

}
