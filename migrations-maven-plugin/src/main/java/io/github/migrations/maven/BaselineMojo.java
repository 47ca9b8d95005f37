package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn migrations:baseline}: marks an existing database as migrated up to a version.
 */
@Mojo(name = "baseline", requiresProject = true, threadSafe = true)
public class BaselineMojo extends AbstractMigrationsMojo {

	/** The baseline version (default: {@code migrations.baseline-version}). */
	@Parameter(property = "migrations.baselineVersion")
	@Nullable String baselineVersion;

	@Override
	String goal() {
		return "baseline";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return new DatabaseCommands(configuration, out, false).baseline(this.baselineVersion);
	}

}
