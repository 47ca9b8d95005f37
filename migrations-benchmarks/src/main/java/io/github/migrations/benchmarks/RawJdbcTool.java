package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The floor: the same statements over plain JDBC on one connection, one transaction per
 * migration, no history, no files read while timed.
 */
final class RawJdbcTool implements Tool {

	static final String NAME = "raw JDBC";

	private final List<Workload.Migration> migrations = new ArrayList<>();

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean hasNoop() {
		return false;
	}

	@Override
	public void write(List<Workload.Migration> migrations, Path dir) {
		this.migrations.clear();
		this.migrations.addAll(migrations);
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				for (Workload.Migration migration : this.migrations) {
					for (String sql : migration.up()) {
						statement.execute(sql);
					}
					connection.commit();
				}
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
		return this.migrations.size();
	}


}
