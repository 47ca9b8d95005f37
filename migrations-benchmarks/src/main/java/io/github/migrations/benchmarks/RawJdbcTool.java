package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The floor: the same statements over plain JDBC on one connection, one transaction per
 * migration, no history, no files read while timed. On MariaDB, where every DDL statement commits
 * by itself, DDL migrations run in auto-commit (no transaction to open or commit) and only the DML
 * migrations in a transaction each.
 */
final class RawJdbcTool extends InMemoryTool {

	static final String NAME = "raw JDBC";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) throws Exception {
		boolean transactionalDdl = Databases.server() != Server.MARIADB;
		try (Connection connection = dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				for (Workload.Migration migration : migrations()) {
					boolean transaction = transactionalDdl || !migration.ddl();
					if (connection.getAutoCommit() == transaction) {
						connection.setAutoCommit(!transaction);
					}
					for (String sql : migration.up()) {
						statement.execute(sql);
					}
					if (transaction) {
						connection.commit();
					}
				}
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
		return migrations().size();
	}

}
