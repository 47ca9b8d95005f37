package io.github.migrations.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.actuate.endpoint.LastMigrationRun;
import io.github.migrations.preflight.PreflightCheck;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.StringUtils;

/**
 * The named instances of {@code migrations.instances.<name>.*}, each a database (or a schema) with
 * its own migrations next to the default instance of {@code migrations.*}. For each,
 * {@link MigrationsInstancesRegistrar} registers a {@link Migrator} bean {@code <name>Migrator}
 * (qualifier {@code <name>}) and a {@link MigrationsInitializer} bean
 * {@code <name>MigrationsInitializer}, both made here.
 * <p>
 * An instance's settings are the default instance's, overridden by its own: every
 * {@code migrations.*} property that the instance does not set is inherited (locations, table,
 * lock and lint settings, mode...; placeholders are merged), except the connection
 * ({@code url}, {@code user}, {@code password}, {@code driver-class-name}), which is never
 * inherited. Its DataSource, in order: a DataSource bean annotated
 * {@code @MigrationsDataSource("<name>")}; one built from its {@code url} (unpooled, as for the
 * default instance); the application's DataSource with its {@code user}; the application's
 * DataSource.
 */
public class MigrationsInstances {

	/** The name of the default instance ({@code migrations.*}) where instances are listed by name. */
	public static final String DEFAULT = "default";

	static final String PREFIX = "migrations.instances";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

	private final Binder binder;

	private final ListableBeanFactory beanFactory;

	private final ResourceLoader resourceLoader;

	private final List<String> names;

	private final Map<String, Instance> built = new ConcurrentHashMap<>();

	public MigrationsInstances(Environment environment, ListableBeanFactory beanFactory,
			ResourceLoader resourceLoader) {
		this.binder = Binder.get(environment);
		this.beanFactory = beanFactory;
		this.resourceLoader = resourceLoader;
		this.names = names(environment);
	}

	/**
	 * The names of the enabled instances, in the order they are configured.
	 */
	public List<String> names() {
		return this.names;
	}

	/**
	 * The {@link Migrator} of every enabled instance, by name, in the order they are configured.
	 */
	public Map<String, Migrator> migrators() {
		Map<String, Migrator> migrators = new LinkedHashMap<>();
		for (String name : this.names) {
			migrators.put(name, this.beanFactory.getBean(beanName(name), Migrator.class));
		}
		return migrators;
	}

	/**
	 * The last run of an instance, as the endpoint shows it.
	 * @param name the instance's name
	 */
	public LastMigrationRun lastRun(String name) {
		this.beanFactory.getBean(beanName(name), Migrator.class);
		return this.built.get(name).lastRun();
	}

	/**
	 * Builds the {@link Migrator} of an instance: the factory method of its bean.
	 * @param name the instance's name
	 */
	public Migrator migrator(String name) {
		MigrationsProperties properties = properties(name);
		DataSource dataSource = dataSource(name, properties);
		MigratorConfig.Builder builder = MigratorConfig.builder().resourceLoader(this.resourceLoader);
		MigrationsAutoConfiguration.configure(builder, properties);
		builder.javaMigrations(beans(this.beanFactory, JavaMigration.class, name, false));
		builder.callbacks(beans(this.beanFactory, MigrationCallback.class, name, false));
		LastMigrationRun lastRun = new LastMigrationRun();
		AtomicReference<@Nullable Migrator> self = new AtomicReference<>();
		List<MigrationListener> listeners = new ArrayList<>(beans(this.beanFactory, MigrationListener.class, name, true));
		listeners.add(lastRun);
		for (MigrationsInstanceListeners factory : this.beanFactory.getBeanProvider(MigrationsInstanceListeners.class)
			.orderedStream()
			.toList()) {
			listeners.add(factory.listenerFor(name, () -> Objects.requireNonNull(self.get(), name)));
		}
		builder.listeners(listeners);
		List<PreflightCheck> checks = beans(this.beanFactory, PreflightCheck.class, name, true);
		builder.preflight((preflight) -> preflight.checks(checks));
		beans(this.beanFactory, MigratorConfigCustomizer.class, name, true).forEach((c) -> c.customize(builder));
		Migrator migrator = new Migrator(dataSource, builder.build());
		self.set(migrator);
		this.built.put(name, new Instance(migrator, lastRun));
		return migrator;
	}

	/**
	 * Builds the initializer that runs an instance at startup: the factory method of its bean.
	 * @param name the instance's name
	 */
	public MigrationsInitializer initializer(String name) {
		Migrator migrator = this.beanFactory.getBean(beanName(name), Migrator.class);
		refuseSharedHistory(name, migrator);
		return new MigrationsInitializer(migrator, properties(name).getMode());
	}

	/**
	 * The effective settings of an instance: the default instance's, without its connection, with
	 * the instance's own on top.
	 * @param name the instance's name
	 */
	public MigrationsProperties properties(String name) {
		MigrationsProperties properties = this.binder.bind("migrations", Bindable.of(MigrationsProperties.class))
			.orElseGet(MigrationsProperties::new);
		properties.setUrl(null);
		properties.setUser(null);
		properties.setPassword(null);
		properties.setDriverClassName(null);
		this.binder.bind(PREFIX + "." + name, Bindable.ofInstance(properties));
		return properties;
	}

	static String beanName(String name) {
		return name + "Migrator";
	}

	static String initializerBeanName(String name) {
		return name + "MigrationsInitializer";
	}

	/**
	 * The enabled instances' names, checked: each must be usable in a bean name and a URL path.
	 */
	static List<String> names(Environment environment) {
		Map<String, MigrationsProperties> bound = Binder.get(environment)
			.bind(PREFIX, Bindable.mapOf(String.class, MigrationsProperties.class))
			.orElse(Map.of());
		List<String> names = new ArrayList<>();
		for (Map.Entry<String, MigrationsProperties> entry : bound.entrySet()) {
			String name = entry.getKey();
			if (!NAME.matcher(name).matches() || DEFAULT.equals(name)) {
				throw new IllegalStateException("Invalid migrations instance name '" + name + "' in " + PREFIX + "."
						+ name + ": a name is letters, digits, '-' and '_', starting with a letter or digit, and not '"
						+ DEFAULT + "' (the default instance is configured under migrations.* directly). Rename it.");
			}
			refuseTenants(environment, name);
			if (entry.getValue().isEnabled()) {
				names.add(name);
			}
		}
		return Collections.unmodifiableList(names);
	}

	/**
	 * Tenants belong to the default instance: a named instance's own {@code tenants.*} would
	 * otherwise be bound and never used.
	 */
	private static void refuseTenants(Environment environment, String name) {
		ConfigurationPropertyName tenants = ConfigurationPropertyName.of(PREFIX + "." + name + ".tenants");
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(tenants) == ConfigurationPropertyState.PRESENT) {
				throw new IllegalStateException("Tenants are not supported on a named instance: " + tenants
						+ ".* is set. Configure tenants on the default instance (migrations.tenants.*), or make each "
						+ "tenant database an instance of its own (see docs/tenants.md).");
			}
		}
	}

	private DataSource dataSource(String name, MigrationsProperties properties) {
		DataSource qualified = qualifiedDataSource(name);
		if (qualified != null) {
			return qualified;
		}
		if (StringUtils.hasText(properties.getUrl())) {
			// unpooled, as for the default instance: a one-off run needs no pool
			DataSourceBuilder<?> builder = DataSourceBuilder.create()
				.type(SimpleDriverDataSource.class)
				.url(properties.getUrl())
				.username(properties.getUser())
				.password(properties.getPassword());
			String driver = StringUtils.hasText(properties.getDriverClassName()) ? properties.getDriverClassName()
					: DatabaseDriver.fromJdbcUrl(properties.getUrl()).getDriverClassName();
			if (StringUtils.hasText(driver)) {
				builder.driverClassName(driver);
			}
			return builder.build();
		}
		DataSource application = this.beanFactory.getBeanProvider(DataSource.class).getIfUnique();
		if (application == null) {
			throw new IllegalStateException("No DataSource for the migrations instance '" + name + "': set " + PREFIX
					+ "." + name + ".url, annotate a DataSource bean @MigrationsDataSource(\"" + name
					+ "\"), or give the application one DataSource (or mark one @Primary).");
		}
		if (StringUtils.hasText(properties.getUser())) {
			// the application's database with the instance's login (and driver), as for the
			// default instance
			return MigrationsAutoConfiguration
				.applyCredentials(DataSourceBuilder.derivedFrom(application).type(SimpleDriverDataSource.class),
						properties)
				.build();
		}
		return application;
	}

	private @Nullable DataSource qualifiedDataSource(String name) {
		List<String> matches = new ArrayList<>();
		for (String bean : this.beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
			MigrationsDataSource annotation = this.beanFactory.findAnnotationOnBean(bean, MigrationsDataSource.class);
			if (annotation != null && annotation.value().equals(name)) {
				matches.add(bean);
			}
		}
		if (matches.size() > 1) {
			throw new IllegalStateException("Several DataSource beans are annotated @MigrationsDataSource(\"" + name
					+ "\"): " + matches + ". Annotate one.");
		}
		return matches.isEmpty() ? null : this.beanFactory.getBean(matches.get(0), DataSource.class);
	}

	// two instances writing one history table would each see the other's rows as missing files
	private void refuseSharedHistory(String name, Migrator migrator) {
		Map<String, Migrator> others = new LinkedHashMap<>();
		Migrator defaultMigrator = this.beanFactory.getBeanProvider(Migrator.class).getIfUnique();
		if (defaultMigrator != null) {
			others.put(DEFAULT, defaultMigrator);
		}
		this.built.forEach((other, instance) -> others.put(other, instance.migrator()));
		others.remove(name);
		for (Map.Entry<String, Migrator> other : others.entrySet()) {
			Migrator that = other.getValue();
			if (that != migrator && that.getDataSource() == migrator.getDataSource()
					&& Objects.equals(that.getConfig().getSchema(), migrator.getConfig().getSchema())
					&& that.getConfig().getTable().equals(migrator.getConfig().getTable())) {
				throw new IllegalStateException("The migrations instances '" + other.getKey() + "' and '" + name
						+ "' would keep their history in one table (" + migrator.getConfig().getTable()
						+ " on the same DataSource and schema). Give '" + name + "' its own database (" + PREFIX + "."
						+ name + ".url or a DataSource bean annotated @MigrationsDataSource(\"" + name
						+ "\")), or its own " + PREFIX + "." + name + ".schema or .table.");
			}
		}
	}

	/**
	 * The beans of a type that belong to an instance: those annotated
	 * {@link MigrationsInstance @MigrationsInstance} with its name, and those not annotated when
	 * they are shared by every instance or the instance is the default one; in their order.
	 */
	static <T> List<T> beans(ListableBeanFactory beanFactory, Class<T> type, String instance, boolean shared) {
		Set<Object> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
		for (String bean : beanFactory.getBeanNamesForType(type, true, false)) {
			MigrationsInstance annotation = beanFactory.findAnnotationOnBean(bean, MigrationsInstance.class);
			boolean belongs = (annotation != null) ? annotation.value().equals(instance)
					: shared || DEFAULT.equals(instance);
			if (!belongs) {
				excluded.add(beanFactory.getBean(bean));
			}
		}
		return beanFactory.getBeanProvider(type).orderedStream().filter((bean) -> !excluded.contains(bean)).toList();
	}

	private record Instance(Migrator migrator, LastMigrationRun lastRun) {
	}

}
