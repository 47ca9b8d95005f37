package io.github.migrations.dialect.h2;

import java.sql.SQLException;
import java.util.Set;

import io.github.migrations.dialect.StandardLockSql;

/**
 * Lock table SQL for H2 2.x, which has {@code FOR UPDATE SKIP LOCKED} and returns updated rows
 * through {@code FINAL TABLE}. H2's {@code CURRENT_TIMESTAMP} is fixed for a transaction, so
 * inside a migration transaction a lease is extended from the transaction's start; the
 * heartbeat renews it again after the commit.
 */
final class H2LockSql extends StandardLockSql {

	/** The database's clock (the transaction's start: H2 has nothing later). */
	static final String CLOCK = "CURRENT_TIMESTAMP";

	/** DUPLICATE_KEY_1. */
	private static final int DUPLICATE_KEY = 23505;

	/** TABLE_OR_VIEW_ALREADY_EXISTS_1. */
	private static final int ALREADY_EXISTS = 42101;

	/** TABLE_OR_VIEW_NOT_FOUND_1, ..._WITH_CANDIDATES_2, ..._DATABASE_EMPTY_1. */
	private static final Set<Integer> TABLE_NOT_FOUND = Set.of(42102, 42103, 42104);

	H2LockSql() {
		super(CLOCK, "DATEADD(MILLISECOND, CAST(? AS BIGINT), " + CLOCK + ")");
	}

	@Override
	public String insertRow(String table) {
		// Not MERGE ... KEY, which would overwrite an existing row's fence.
		return "MERGE INTO " + table + " t USING (VALUES 1) s(id) ON t.id = s.id WHEN NOT MATCHED THEN "
				+ "INSERT (id, is_locked, fence) "
				+ "VALUES (1, FALSE, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT))";
	}

	@Override
	protected String returningFence(String update) {
		return "SELECT fence FROM FINAL TABLE (" + update + ")";
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
