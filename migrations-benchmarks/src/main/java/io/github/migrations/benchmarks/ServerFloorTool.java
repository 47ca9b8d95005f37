package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Not a contender but a bound: the least any client can make the server do for the workload.
 * The same statements as {@link RawJdbcTool}, with nothing a migration tool needs and everything a
 * client could leave out: no history, no lock, no files read while timed, no round trip per
 * statement (JDBC batches of {@value #BATCH} statements, which both drivers send as a pipeline),
 * and on PostgreSQL no commit per migration either (a transaction per {@value #COMMIT_EVERY}
 * statements: one for the whole run would run out of the server's lock table near 10,000
 * migrations, as group mode does; MariaDB commits each DDL statement by itself whatever the
 * client does, so there it runs in auto-commit).
 * A tool cannot apply the workload faster than this by anything it sends; what is left is the
 * server's own work on the statements.
 */
final class ServerFloorTool extends InMemoryTool {

	static final String NAME = "server floor";

	private static final int BATCH = 100;

	private static final int COMMIT_EVERY = 1_000;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) throws Exception {
		boolean inTransactions = Databases.server() != Server.MARIADB;
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(!inTransactions);
			try (Statement statement = connection.createStatement()) {
				int batched = 0;
				int uncommitted = 0;
				for (Workload.Migration migration : migrations()) {
					for (String sql : migration.up()) {
						statement.addBatch(sql);
						uncommitted++;
						if (++batched == BATCH) {
							statement.executeBatch();
							batched = 0;
						}
						if (inTransactions && uncommitted >= COMMIT_EVERY && batched == 0) {
							connection.commit();
							uncommitted = 0;
						}
					}
				}
				if (batched > 0) {
					statement.executeBatch();
				}
				if (inTransactions) {
					connection.commit();
				}
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
		return migrations().size();
	}

}
