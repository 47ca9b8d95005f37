package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:import}: imports another tool's history (Flyway, sql-migrate, goose,
 * golang-migrate) into a schema without ours, and applies nothing.
 */
@Mojo(name = "import", requiresProject = true, threadSafe = true)
public class ImportMojo extends AbstractMigrationsMojo {

	/** Print the SQL the import would send; change nothing. */
	@Parameter(property = "migrations.dryRun", defaultValue = "false")
	boolean dryRun;

	@Override
	String goal() {
		return "import";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return new DatabaseCommands(configuration, out, false).importHistory(this.dryRun);
	}

}
