package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;

/**
 * This project: {@code <version>_<name>.sql} files with {@code -- +migrate Up/Down} sections,
 * default configuration (checksum validation on, lock, fencing, linter in warn mode); or, as
 * {@value #GROUP_NAME}, the same with group mode on ({@code migrations.group=true}: all pending
 * migrations in one transaction), APPLY only (its NOOP is the default's).
 */
final class MigrationsTool implements Tool {

	static final String NAME = "migrations";

	static final String GROUP_NAME = "migrations-group";

	private final boolean group;

	MigrationsTool() {
		this(false);
	}

	MigrationsTool(boolean group) {
		this.group = group;
	}

	@Override
	public String name() {
		return this.group ? GROUP_NAME : NAME;
	}

	@Override
	public boolean hasNoop() {
		return !this.group;
	}

	/**
	 * Where the files go under the tool's directory: {@code db/migration}, so that the directory
	 * can also serve as a class path root ({@link EndpointRun}).
	 */
	static final String LOCATION = "db/migration";

	@Override
	public void write(List<Workload.Migration> migrations, Path root) throws IOException {
		Path dir = Files.createDirectories(root.resolve(LOCATION));
		for (Workload.Migration migration : migrations) {
			String file = "-- +migrate Up\n" + String.join(";\n", migration.up()) + ";\n\n-- +migrate Down\n"
					+ String.join(";\n", migration.down()) + ";\n";
			Files.writeString(dir.resolve(String.format("%014d_%s.sql", 20240000000000L + migration.number(),
					migration.name())), file);
		}
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) {
		RunResult result = new Migrator(dataSource,
				this.group ? MigratorConfig.builder().locations(location(dir)).group(true).build() : config(dir))
			.migrate();
		if (!result.successful()) {
			throw new IllegalStateException("Run failed", result.failure());
		}
		return result.migrations().size();
	}

	static MigratorConfig config(Path root) {
		return MigratorConfig.builder().locations(location(root)).build();
	}

	private static String location(Path root) {
		return "filesystem:" + root.resolve(LOCATION).toAbsolutePath();
	}

}
