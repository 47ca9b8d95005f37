package io.github.migrations.dialect.h2;

import java.sql.SQLException;
import java.util.Set;

import io.github.migrations.lock.LockSql;
import org.jspecify.annotations.Nullable;

/**
 * Lock table SQL for H2 2.x, which has {@code FOR UPDATE SKIP LOCKED} and returns updated rows
 * through {@code FINAL TABLE}. H2's {@code CURRENT_TIMESTAMP} is fixed for a transaction, so
 * inside a migration transaction a lease is extended from the transaction's start; the
 * heartbeat renews it again after the commit.
 */
final class H2LockSql implements LockSql {

	/** DUPLICATE_KEY_1. */
	private static final int DUPLICATE_KEY = 23505;

	/** TABLE_OR_VIEW_ALREADY_EXISTS_1. */
	private static final int ALREADY_EXISTS = 42101;

	/** TABLE_OR_VIEW_NOT_FOUND_1, ..._WITH_CANDIDATES_2, ..._DATABASE_EMPTY_1. */
	private static final Set<Integer> TABLE_NOT_FOUND = Set.of(42102, 42103, 42104);

	private static final String LEASE = "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";

	@Override
	public String createTable(String table) {
		return """
				CREATE TABLE IF NOT EXISTS %s (
				    id               INTEGER      PRIMARY KEY,
				    is_locked        BOOLEAN      NOT NULL,
				    locked_by        VARCHAR(255),
				    locked_at        TIMESTAMP WITH TIME ZONE,
				    lease_expires_at TIMESTAMP WITH TIME ZONE,
				    fence            BIGINT       NOT NULL
				)""".formatted(table);
	}

	@Override
	public String insertRow(String table) {
		// Not MERGE ... KEY, which would overwrite an existing row's fence.
		return "MERGE INTO " + table + " t USING (VALUES 1) s(id) ON t.id = s.id WHEN NOT MATCHED THEN "
				+ "INSERT (id, is_locked, fence) "
				+ "VALUES (1, FALSE, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT))";
	}

	@Override
	public String acquire(String table) {
		return "SELECT fence FROM FINAL TABLE (UPDATE " + table + " SET is_locked = TRUE, locked_by = ?, "
				+ "locked_at = CURRENT_TIMESTAMP, lease_expires_at = " + LEASE + ", fence = fence + 1 "
				+ "WHERE id = (SELECT id FROM " + table + " WHERE id = 1 "
				+ "AND (NOT is_locked OR lease_expires_at < CURRENT_TIMESTAMP) FOR UPDATE SKIP LOCKED))";
	}

	@Override
	public String renew(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + LEASE + " WHERE id = (SELECT id FROM " + table
				+ " WHERE id = 1 AND fence = ? AND is_locked FOR UPDATE SKIP LOCKED)";
	}

	@Override
	public String extend(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + LEASE + " WHERE id = 1 AND fence = ? AND is_locked";
	}

	@Override
	public String release(String table) {
		return "UPDATE " + table + " SET is_locked = FALSE, lease_expires_at = CURRENT_TIMESTAMP "
				+ "WHERE id = 1 AND fence = ?";
	}

	@Override
	public String read(String table) {
		return "SELECT is_locked AND lease_expires_at >= CURRENT_TIMESTAMP, locked_by, locked_at, lease_expires_at, "
				+ "fence, is_locked FROM " + table + " WHERE id = 1";
	}

	@Override
	public @Nullable String transactionSettings() {
		return null;
	}

	@Override
	public boolean isAlreadyExists(SQLException ex) {
		return ex.getErrorCode() == DUPLICATE_KEY || ex.getErrorCode() == ALREADY_EXISTS;
	}

	@Override
	public boolean isUndefinedTable(SQLException ex) {
		return TABLE_NOT_FOUND.contains(ex.getErrorCode());
	}

}
