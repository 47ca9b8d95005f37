package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:validate}: what a start with {@code migrations.mode=validate} checks.
 */
@Mojo(name = "validate", requiresProject = true, threadSafe = true)
public class ValidateMojo extends AbstractMigrationsMojo {

	/** Whether pending migrations are no failure. */
	@Parameter(property = "migrations.allowPending", defaultValue = "false")
	boolean allowPending;

	@Override
	String goal() {
		return "validate";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return new DatabaseCommands(configuration, out, false).validate(this.allowPending);
	}

}
