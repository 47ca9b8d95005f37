package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

/**
 * One contender: writes the workload in its own format and migrates a database from it.
 */
interface Tool {

	/**
	 * The name printed in the tables, also the argument that picks it in a child process.
	 */
	String name();

	/**
	 * Whether the tool keeps a history, so that a second run has nothing to do (raw JDBC has none).
	 */
	boolean hasNoop();

	/**
	 * Writes the migrations in the tool's format into {@code dir}.
	 */
	void write(List<Workload.Migration> migrations, Path dir) throws IOException;

	/**
	 * Applies whatever is pending (everything on an empty database, nothing on a migrated one),
	 * with the tool's default validation; fails on any error.
	 */
	void migrate(DataSource dataSource, Path dir) throws Exception;

	static Tool named(String name) {
		return switch (name) {
			case RawJdbcTool.NAME -> new RawJdbcTool();
			case MigrationsTool.NAME -> new MigrationsTool();
			case FlywayTool.NAME -> new FlywayTool();
			case LiquibaseTool.NAME -> new LiquibaseTool();
			default -> throw new IllegalArgumentException("Unknown tool " + name);
		};
	}

}
