package io.github.migrations.maven;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.CommandException;
import io.github.migrations.cli.command.Commands;
import io.github.migrations.cli.command.ExitCode;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * What every goal shares: the project's own configuration ({@code src/main/resources/application.*}
 * with the profiles), overridden by the goal's parameters, which are named like the properties
 * ({@code -Dmigrations.url=...}), then the command of the command line.
 */
abstract class AbstractMigrationsMojo extends AbstractMojo {

	/** The application's directory, whose {@code src/main/resources/application.*} is read. */
	@Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
	File projectDirectory;

	/** Spring profiles to activate. */
	@Parameter(property = "migrations.profiles")
	List<String> profiles = new ArrayList<>();

	/** {@code migrations.url}: the database to migrate. */
	@Parameter(property = "migrations.url")
	@Nullable String url;

	/** {@code migrations.user}: the login to migrate with. */
	@Parameter(property = "migrations.user")
	@Nullable String user;

	/** {@code migrations.password}. */
	@Parameter(property = "migrations.password")
	@Nullable String password;

	/** {@code migrations.locations}, comma-separated. */
	@Parameter(property = "migrations.locations")
	@Nullable String locations;

	/** {@code migrations.schema}: the schema of the history table. */
	@Parameter(property = "migrations.schema")
	@Nullable String schema;

	/** {@code migrations.table}: the history table. */
	@Parameter(property = "migrations.table")
	@Nullable String table;

	/** One tenant's schema: the goal works on that tenant (its own history and lock). */
	@Parameter(property = "migrations.tenant")
	@Nullable String tenant;

	/** Any other {@code migrations.*} or {@code spring.*} property. */
	@Parameter
	Map<String, String> properties = new LinkedHashMap<>();

	/** Skips the goal. */
	@Parameter(property = "migrations.skip", defaultValue = "false")
	boolean skip;

	@Override
	public final void execute() throws MojoExecutionException, MojoFailureException {
		if (this.skip) {
			getLog().info("Skipping migrations:" + goal() + " (migrations.skip)");
			return;
		}
		ByteArrayOutputStream errors = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
		int exit = Commands.execute(() -> run(configuration(), System.out), err);
		String reason = errors.toString(StandardCharsets.UTF_8).strip();
		if (exit == ExitCode.USAGE) {
			throw new MojoExecutionException("migrations:" + goal() + " cannot run: " + reason);
		}
		if (exit != ExitCode.OK) {
			throw new MojoFailureException("migrations:" + goal() + " failed"
					+ (reason.isEmpty() ? " (see the output above)" : ": " + reason));
		}
	}

	private CommandConfiguration configuration() {
		Map<String, String> overrides = new LinkedHashMap<>(this.properties);
		put(overrides, "migrations.url", this.url);
		put(overrides, "migrations.user", this.user);
		put(overrides, "migrations.password", this.password);
		put(overrides, "migrations.locations", this.locations);
		put(overrides, "migrations.schema", this.schema);
		put(overrides, "migrations.table", this.table);
		overrides.putAll(goalProperties());
		return CommandConfiguration.load(this.projectDirectory.toPath(), this.profiles, overrides)
			.forTenant(this.tenant);
	}

	private static void put(Map<String, String> overrides, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			overrides.put(name, value);
		}
	}

	/**
	 * The configuration for every tenant: refuses {@code migrations.tenant} beside it.
	 */
	static CommandConfiguration allTenants(CommandConfiguration configuration) {
		if (configuration.tenant() != null) {
			throw new CommandException("-Dmigrations.tenant and -Dmigrations.allTenants exclude each other: "
					+ "name one tenant, or all");
		}
		return configuration;
	}

	/** Properties the goal itself sets, e.g. {@code migrations.target}. */
	Map<String, String> goalProperties() {
		return Map.of();
	}

	abstract String goal();

	abstract int run(CommandConfiguration configuration, PrintStream out) throws Exception;

}
