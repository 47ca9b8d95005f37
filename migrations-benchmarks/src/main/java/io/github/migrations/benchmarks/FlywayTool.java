package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Flyway: {@code V<n>__<name>.sql} files, default configuration (validate on migrate).
 */
final class FlywayTool implements Tool {

	static final String NAME = "Flyway";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void write(List<Workload.Migration> migrations, Path dir) throws IOException {
		for (Workload.Migration migration : migrations) {
			Files.writeString(dir.resolve("V" + migration.number() + "__" + migration.name() + ".sql"),
					String.join(";\n", migration.up()) + ";\n");
		}
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) {
		return Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:" + dir.toAbsolutePath())
			.load()
			.migrate().migrationsExecuted;
	}

}
