package io.github.migrations.maven;

import java.io.PrintStream;
import java.util.Map;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import io.github.migrations.cli.command.TenantCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn migrations:migrate}: applies the pending migrations.
 */
@Mojo(name = "migrate", requiresProject = true, threadSafe = true)
public class MigrateMojo extends AbstractMigrationsMojo {

	/** {@code migrations.target}: migrate up to this version. */
	@Parameter(property = "migrations.target")
	@Nullable String target;

	/** Every tenant ({@code migrations.tenants.*}) instead of the default schema. */
	@Parameter(property = "migrations.allTenants", defaultValue = "false")
	boolean allTenants;

	@Override
	String goal() {
		return "migrate";
	}

	@Override
	Map<String, String> goalProperties() {
		return (this.target != null && !this.target.isBlank()) ? Map.of("migrations.target", this.target) : Map.of();
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		if (this.allTenants) {
			return new TenantCommands(allTenants(configuration), out).migrate();
		}
		return new DatabaseCommands(configuration, out, false).migrate();
	}

}
