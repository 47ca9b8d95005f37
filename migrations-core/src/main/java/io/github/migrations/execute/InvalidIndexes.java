package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.github.migrations.InvalidIndexException;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialect.InvalidIndex;
import io.github.migrations.lock.LockLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the INVALID indexes an interrupted {@code CREATE INDEX CONCURRENTLY} leaves behind, before
 * migrations run: {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} would otherwise skip such an index
 * and the migration would be recorded as applied with an index that is never used. Either reports
 * them with the fix or, when configured, drops them ({@code DROP INDEX CONCURRENTLY}, in
 * auto-commit, the fence checked before each) so that the migration builds them again.
 */
public final class InvalidIndexes {

	private static final Logger logger = LoggerFactory.getLogger(InvalidIndexes.class);

	private InvalidIndexes() {
	}

	/**
	 * Checks a schema.
	 * @param lease the lock, checked before each drop; {@code null} when only reporting
	 * @return how many indexes were dropped
	 * @throws InvalidIndexException when INVALID indexes exist and are not to be dropped
	 */
	public static int check(Connection connection, Dialect dialect, String schema, boolean cleanup,
			@Nullable LockLease lease) throws SQLException {
		List<InvalidIndex> invalid = dialect.invalidIndexes(connection, schema);
		if (!connection.getAutoCommit()) {
			connection.commit();
		}
		if (invalid.isEmpty()) {
			return 0;
		}
		if (!cleanup || lease == null) {
			throw new InvalidIndexException(schema, invalid.stream().map(InvalidIndex::index).toList(),
					invalid.stream().map(InvalidIndex::table).toList());
		}
		// DROP INDEX CONCURRENTLY cannot run inside a transaction block.
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			for (InvalidIndex index : invalid) {
				lease.check();
				logger.warn("Dropping INVALID index {} on {} (left by an interrupted CREATE INDEX CONCURRENTLY)",
						index.index(), index.table());
				statement.execute(dialect.dropIndex(index.index()));
			}
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
		return invalid.size();
	}

}
