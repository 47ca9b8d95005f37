package io.github.migrations.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.cli.command.CommandConfiguration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options every command shares: where the application is, its profiles, and flags that
 * override its {@code migrations.*} properties, named like them.
 */
final class ConfigOptions {

	@Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
			description = "The application's directory: its src/main/resources/application.{properties,yml} "
					+ "and config/ are read (default: the current directory).")
	Path projectDirectory = Path.of(".");

	@Option(names = "--profile", paramLabel = "PROFILE", split = ",",
			description = "Spring profiles to activate, as spring.profiles.active would (application-PROFILE.yml).")
	List<String> profiles = new ArrayList<>();

	@Option(names = "--url", paramLabel = "JDBC_URL", description = "migrations.url: the database to migrate.")
	@Nullable String url;

	@Option(names = "--user", description = "migrations.user: the login to migrate with.")
	@Nullable String user;

	@Option(names = "--password", description = "migrations.password (prefer MIGRATIONS_PASSWORD in the environment).")
	@Nullable String password;

	@Option(names = "--locations", paramLabel = "LOCATION", split = ",",
			description = "migrations.locations: classpath:db/migration (read from src/main/resources) or filesystem:DIR.")
	List<String> locations = new ArrayList<>();

	@Option(names = "--schema", description = "migrations.schema: the schema of the history table.")
	@Nullable String schema;

	@Option(names = "--table", description = "migrations.table: the history table.")
	@Nullable String table;

	@Option(names = "--tenant", paramLabel = "SCHEMA",
			description = "Work on this tenant's schema (its own history and lock; migrations.tenants.locations when set).")
	@Nullable String tenant;

	@Option(names = { "-D", "--property" }, paramLabel = "NAME=VALUE",
			description = "Any other property, e.g. -D migrations.lock-timeout=10s.")
	Map<String, String> properties = new LinkedHashMap<>();

	CommandConfiguration load(Map<String, String> commandProperties) {
		Map<String, String> overrides = new LinkedHashMap<>(this.properties);
		put(overrides, "migrations.url", this.url);
		put(overrides, "migrations.user", this.user);
		put(overrides, "migrations.password", this.password);
		put(overrides, "migrations.locations", this.locations.isEmpty() ? null : String.join(",", this.locations));
		put(overrides, "migrations.schema", this.schema);
		put(overrides, "migrations.table", this.table);
		overrides.putAll(commandProperties);
		return CommandConfiguration.load(this.projectDirectory, this.profiles, overrides).forTenant(this.tenant);
	}

	private static void put(Map<String, String> overrides, String name, @Nullable String value) {
		if (value != null) {
			overrides.put(name, value);
		}
	}

}
