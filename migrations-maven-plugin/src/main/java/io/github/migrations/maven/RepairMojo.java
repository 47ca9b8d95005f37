package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:repair}: removes the history rows of migrations that failed part-way.
 */
@Mojo(name = "repair", requiresProject = true, threadSafe = true)
public class RepairMojo extends AbstractMigrationsMojo {

	/** Name the failed rows that would be removed; change nothing. */
	@Parameter(property = "migrations.dryRun", defaultValue = "false")
	boolean dryRun;

	@Override
	String goal() {
		return "repair";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return new DatabaseCommands(configuration, out, false).repair(this.dryRun,
				"maven:" + System.getProperty("user.name", "unknown"));
	}

}
