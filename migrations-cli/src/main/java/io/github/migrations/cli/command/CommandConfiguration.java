package io.github.migrations.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.Tenants;
import io.github.migrations.autoconfigure.MigrationsAutoConfiguration;
import io.github.migrations.autoconfigure.MigrationsProperties;
import io.github.migrations.autoconfigure.MigrationsTenantsAutoConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.StringUtils;

/**
 * What the commands run with: the application's own configuration, read the way Spring Boot reads
 * it, and the flags on top.
 * <ol>
 * <li>Property sources, highest first: the flags (as {@code migrations.*} properties), Java system
 * properties, environment variables ({@code MIGRATIONS_URL}, {@code SPRING_DATASOURCE_URL}), then
 * the config data Boot's {@link ConfigDataEnvironmentPostProcessor} loads with the active
 * profiles (not started when there is no {@code application*} file to read and no
 * {@code spring.config.*} location given).</li>
 * <li>Config data is looked for in the project directory, not on a classpath (the command line
 * does not run inside the application): {@code src/main/resources/}, {@code src/main/resources/config/},
 * the directory itself and its {@code config/}, each optional. {@code spring.config.location}
 * replaces that list, as it would in the application.</li>
 * <li>{@code migrations.*} binds onto the starter's {@link MigrationsProperties} and maps onto
 * {@link MigratorConfig} through the starter's own mapping, so defaults and names are the same.</li>
 * <li>The connection is {@code migrations.url} / {@code user} / {@code password} when set, else
 * {@code spring.datasource.url} / {@code username} / {@code password}.</li>
 * <li>{@code classpath:} locations are read from the project's {@code src/main/resources}, and
 * relative {@code filesystem:} locations from the project directory.</li>
 * </ol>
 */
public final class CommandConfiguration {

	private static final String MYSQL_SCHEME = "jdbc:mysql:";

	private static final String PERMIT_MYSQL_SCHEME = "permitMysqlScheme";

	private static final String RESOURCES = "src/main/resources";

	private final Path projectDirectory;

	private final MigrationsProperties properties;

	private final @Nullable String url;

	private final @Nullable String user;

	private final @Nullable String password;

	private final @Nullable String driverClassName;

	private final @Nullable String tenant;

	private CommandConfiguration(Path projectDirectory, MigrationsProperties properties, @Nullable String url,
			@Nullable String user, @Nullable String password, @Nullable String driverClassName,
			@Nullable String tenant) {
		this.projectDirectory = projectDirectory;
		this.properties = properties;
		this.url = url;
		this.user = user;
		this.password = password;
		this.driverClassName = driverClassName;
		this.tenant = tenant;
	}

	/**
	 * The same configuration for one tenant ({@code --tenant}): every command then works on that
	 * tenant's schema, with {@code migrations.tenants.locations} when set.
	 * @param tenant the tenant's schema, or {@code null} for the default schema
	 */
	public CommandConfiguration forTenant(@Nullable String tenant) {
		return new CommandConfiguration(this.projectDirectory, this.properties, this.url, this.user, this.password,
				this.driverClassName, (tenant != null && !tenant.isBlank()) ? tenant : null);
	}

	/**
	 * The tenant the commands work on, or {@code null} for the default schema.
	 */
	public @Nullable String tenant() {
		return this.tenant;
	}

	/**
	 * Every tenant ({@code --all-tenants}), from {@code migrations.tenants.schemas} and
	 * {@code migrations.tenants.query}, run with {@code migrations.tenants.parallelism} and
	 * {@code fail-fast}.
	 * @param listeners listeners to add
	 * @throws CommandException when no tenants are configured
	 */
	public Tenants tenants(List<MigrationListener> listeners) {
		MigrationsProperties.Tenants settings = this.properties.getTenants();
		if (settings.getSchemas().isEmpty() && !StringUtils.hasText(settings.getQuery())) {
			throw new CommandException("No tenants: --all-tenants needs migrations.tenants.schemas or "
					+ "migrations.tenants.query (in application.properties, or -D migrations.tenants.schemas=a,b)");
		}
		DataSource dataSource = dataSource();
		return new Tenants(tenantsMigrator(dataSource, listeners),
				MigrationsTenantsAutoConfiguration.tenantSource(this.properties, dataSource),
				settings.getParallelism(), settings.isFailFast());
	}

	private Migrator tenantsMigrator(DataSource dataSource, List<MigrationListener> listeners) {
		return MigrationsTenantsAutoConfiguration.tenantsMigrator(new Migrator(dataSource, migratorConfig(listeners)),
				this.properties);
	}

	/**
	 * Loads the configuration of the project in this directory.
	 * @param projectDirectory the application's directory (the one with {@code src/main/resources})
	 * @param profiles profiles to activate, in addition to {@code spring.profiles.active}
	 * @param overrides properties that win over everything, e.g. {@code migrations.url}
	 * @return the configuration
	 */
	public static CommandConfiguration load(Path projectDirectory, List<String> profiles,
			Map<String, String> overrides) {
		Path project = projectDirectory.toAbsolutePath().normalize();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("commandLineFlags", Map.copyOf(overrides)));
		boolean configLocationGiven = environment.containsProperty("spring.config.location")
				|| environment.containsProperty("spring.config.additional-location")
				|| environment.containsProperty("spring.config.import");
		environment.getPropertySources().addLast(new MapPropertySource("projectConfigLocations",
				Map.of("spring.config.location", configLocations(project))));
		// without a file to read Boot's config data would add nothing, and starting it costs a short
		// command (lint) a good part of its time
		if (configLocationGiven || hasConfigFiles(project)) {
			ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(),
					new DefaultBootstrapContext(), profiles);
		}
		Binder binder = Binder.get(environment);
		MigrationsProperties properties = binder.bind("migrations", Bindable.of(MigrationsProperties.class))
			.orElseGet(MigrationsProperties::new);
		properties.setLocations(properties.getLocations().stream().map((l) -> projectLocation(project, l)).toList());
		String url = firstText(properties.getUrl(), environment.getProperty("spring.datasource.url"));
		boolean ownUrl = StringUtils.hasText(properties.getUrl());
		// as the starter connects: a URL of its own comes with migrations.user only, never the
		// application's login
		String user = ownUrl ? properties.getUser()
				: firstText(properties.getUser(), environment.getProperty("spring.datasource.username"));
		String password = StringUtils.hasText(properties.getUser()) || ownUrl ? properties.getPassword()
				: environment.getProperty("spring.datasource.password");
		String driver = firstText(properties.getDriverClassName(),
				ownUrl ? null : environment.getProperty("spring.datasource.driver-class-name"));
		properties.getTenants()
			.setLocations(properties.getTenants().getLocations().stream().map((l) -> projectLocation(project, l)).toList());
		return new CommandConfiguration(project, properties, url, user, password, driver, null);
	}

	private static List<Path> configDirectories(Path project) {
		return List.of(project.resolve(RESOURCES), project.resolve(RESOURCES).resolve("config"), project,
				project.resolve("config"));
	}

	private static String configLocations(Path project) {
		List<String> locations = new ArrayList<>();
		for (Path directory : configDirectories(project)) {
			locations.add("optional:file:" + directory + "/");
		}
		return String.join(",", locations);
	}

	/**
	 * Whether a directory Boot would look in holds an {@code application*} file it reads (any
	 * profile's, any format).
	 */
	private static boolean hasConfigFiles(Path project) {
		for (Path directory : configDirectories(project)) {
			if (!Files.isDirectory(directory)) {
				continue;
			}
			try (Stream<Path> files = Files.list(directory)) {
				if (files.map((file) -> file.getFileName().toString())
					.anyMatch((name) -> name.startsWith("application") && (name.endsWith(".properties")
							|| name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".xml")))) {
					return true;
				}
			}
			catch (IOException ex) {
				// unreadable: let Boot look, and say what it finds
				return true;
			}
		}
		return false;
	}

	// the command line is not the application: its classpath is the project's resources directory
	private static String projectLocation(Path project, String location) {
		if (location.startsWith("classpath:")) {
			String path = location.substring("classpath:".length());
			path = path.startsWith("/") ? path.substring(1) : path;
			return "filesystem:" + project.resolve(RESOURCES).resolve(path);
		}
		if (location.startsWith("filesystem:")) {
			return "filesystem:" + project.resolve(location.substring("filesystem:".length())).normalize();
		}
		return location;
	}

	private static @Nullable String firstText(@Nullable String first, @Nullable String second) {
		return StringUtils.hasText(first) ? first : second;
	}

	/**
	 * The project directory, absolute.
	 */
	public Path projectDirectory() {
		return this.projectDirectory;
	}

	/**
	 * The bound {@code migrations.*} properties, locations made absolute.
	 */
	public MigrationsProperties properties() {
		return this.properties;
	}

	/**
	 * The JDBC URL, or {@code null} when neither {@code migrations.url} nor
	 * {@code spring.datasource.url} is set.
	 */
	public @Nullable String url() {
		return this.url;
	}

	/**
	 * The locations to scan, absolute {@code filesystem:} ones for what was {@code classpath:}.
	 */
	public List<String> locations() {
		return this.properties.getLocations();
	}

	/**
	 * The directory new migrations go to: the first {@code filesystem:} location.
	 */
	public Path firstDirectory() {
		return locations().stream()
			.filter((location) -> location.startsWith("filesystem:"))
			.map((location) -> Path.of(location.substring("filesystem:".length()).replace("{vendor}", "postgresql")))
			.findFirst()
			.orElseThrow(() -> new CommandException("No filesystem location to create a migration in: "
					+ "migrations.locations is " + locations() + ". Set --locations=filesystem:DIR or a "
					+ "classpath: location (read from src/main/resources)."));
	}

	/**
	 * The engine's configuration.
	 * @param listeners listeners to add (progress output)
	 */
	public MigratorConfig migratorConfig(List<MigrationListener> listeners) {
		MigratorConfig.Builder builder = MigratorConfig.builder();
		MigrationsAutoConfiguration.configure(builder, this.properties);
		builder.listeners(listeners);
		return builder.build();
	}

	/**
	 * A migrator on the configured database.
	 * @param listeners listeners to add (progress output)
	 * @throws CommandException when no URL is configured
	 */
	public Migrator migrator(List<MigrationListener> listeners) {
		if (this.tenant != null) {
			return tenantsMigrator(dataSource(), listeners).tenant(this.tenant);
		}
		return new Migrator(dataSource(), migratorConfig(listeners));
	}

	/**
	 * A non-pooling DataSource on the configured database.
	 * @throws CommandException when no URL is configured
	 */
	public DataSource dataSource() {
		if (!StringUtils.hasText(this.url)) {
			throw new CommandException("No database to connect to: neither migrations.url nor "
					+ "spring.datasource.url is set (looked in " + this.projectDirectory.resolve(RESOURCES)
					+ "/application.{properties,yml} and the environment). Pass --url=jdbc:postgresql://HOST/DB, "
					+ "set MIGRATIONS_URL, or run in the application's directory (--project-dir).");
		}
		// no pool: the engine keeps one connection for the steps of a run (and a few for the lock)
		DriverManagerDataSource dataSource = new DriverManagerDataSource(connectable(this.url));
		dataSource.setUsername(this.user);
		dataSource.setPassword(this.password);
		if (StringUtils.hasText(this.driverClassName)) {
			dataSource.setDriverClassName(this.driverClassName);
		}
		return dataSource;
	}

	/**
	 * The URL to connect with: as configured, but for a {@code jdbc:mysql:} URL that no driver on the
	 * class path accepts. The executable jar carries MariaDB's driver, which speaks to MySQL too but
	 * takes that scheme only with its {@code permitMysqlScheme} option: the option is added then,
	 * rather than failing with "No suitable driver". MySQL's own driver, where a build adds it (a
	 * dependency of the Maven plugin), takes the URL as it is.
	 */
	static String connectable(String url) {
		if (!url.startsWith(MYSQL_SCHEME) || url.contains(PERMIT_MYSQL_SCHEME) || acceptedAsItIs(url)) {
			return url;
		}
		int query = url.indexOf('?');
		return url + ((query < 0) ? "?" : (query == url.length() - 1) ? "" : "&") + PERMIT_MYSQL_SCHEME;
	}

	private static boolean acceptedAsItIs(String url) {
		try {
			DriverManager.getDriver(url);
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * A short summary for the first line of output: URL, user, locations, table. Never the password.
	 */
	public String describe() {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("url", this.url);
		shown.put("user", this.user);
		shown.put("locations", locations());
		shown.put("table", this.properties.getTable());
		if (this.tenant != null) {
			shown.put("tenant", this.tenant);
		}
		return shown.toString();
	}

}
