package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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
	default boolean hasNoop() {
		return true;
	}

	/**
	 * Writes the migrations in the tool's format into {@code dir}.
	 */
	void write(List<Workload.Migration> migrations, Path dir) throws IOException;

	/**
	 * Applies whatever is pending (everything on an empty database, nothing on a migrated one),
	 * with the tool's default validation; fails on any error.
	 * @return how many migrations it applied, as the tool reports it, or {@code -1} when it does
	 * not say
	 */
	int migrate(DataSource dataSource, Path dir) throws Exception;

	/**
	 * The tool by its name or the first word of it, any case ({@code raw}, {@code flyway}).
	 */
	static Tool named(String name) {
		String key = name.toLowerCase(Locale.ROOT).split(" ")[0];
		return switch (key) {
			case "raw" -> new RawJdbcTool();
			case "floor", "server" -> new ServerFloorTool();
			case "migrations" -> new MigrationsTool();
			case MigrationsTool.GROUP_NAME -> new MigrationsTool(true);
			case "flyway" -> new FlywayTool();
			case "liquibase" -> new LiquibaseTool();
			default -> throw new IllegalArgumentException("Unknown tool " + name + " (raw, floor, migrations, migrations-group, flyway, liquibase)");
		};
	}

}
