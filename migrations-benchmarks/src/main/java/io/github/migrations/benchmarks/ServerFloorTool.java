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
 * and on PostgreSQL no commit per migration either (the whole run is one transaction; MariaDB
 * commits each DDL statement by itself whatever the client does, so there it runs in auto-commit).
 * A tool cannot apply the workload faster than this by anything it sends; what is left is the
 * server's own work on the statements.
 */
final class ServerFloorTool extends InMemoryTool {

	static final String NAME = "server floor";

	private static final int BATCH = 100;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) throws Exception {
		boolean oneTransaction = Databases.server() != Server.MARIADB;
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(!oneTransaction);
			try (Statement statement = connection.createStatement()) {
				int batched = 0;
				for (Workload.Migration migration : migrations()) {
					for (String sql : migration.up()) {
						statement.addBatch(sql);
						if (++batched == BATCH) {
							statement.executeBatch();
							batched = 0;
						}
					}
				}
				if (batched > 0) {
					statement.executeBatch();
				}
				if (oneTransaction) {
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
