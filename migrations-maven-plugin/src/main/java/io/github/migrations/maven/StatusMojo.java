package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.StatusCommand;
import io.github.migrations.cli.command.TenantCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:status}: every migration and its state, as a table or JSON.
 */
@Mojo(name = "status", requiresProject = true, threadSafe = true)
public class StatusMojo extends AbstractMigrationsMojo {

	/** {@code table} or {@code json} (the actuator endpoint's shape). */
	@Parameter(property = "migrations.format", defaultValue = "table")
	String format = "";

	/** Every tenant ({@code migrations.tenants.*}) instead of the default schema. */
	@Parameter(property = "migrations.allTenants", defaultValue = "false")
	boolean allTenants;

	@Override
	String goal() {
		return "status";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		if (this.allTenants) {
			return new TenantCommands(allTenants(configuration), out).status();
		}
		return StatusCommand.run(configuration, Formats.parse(StatusCommand.Format.class, this.format), out);
	}

}
