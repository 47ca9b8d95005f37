package io.github.migrations.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.TenantListener;
import io.github.migrations.TenantSource;
import io.github.migrations.Tenants;
import io.github.migrations.actuate.endpoint.LastMigrationRun;
import io.github.migrations.actuate.metrics.MigrationsTenantObservations;
import io.github.migrations.actuate.metrics.MigrationsTenantsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the tenants ({@code migrations.tenants.*}): a {@link Tenants} bean over
 * the {@link Migrator} bean's data source and configuration (each tenant is
 * {@link Migrator#tenant(String)}), its {@link TenantSource} ({@code migrations.tenants.schemas}
 * and {@code migrations.tenants.query}, unless the application has a {@code TenantSource} bean),
 * and the {@link MigrationsTenantsInitializer} that runs every tenant at startup after the default
 * schema. Active when there is a {@link Migrator} bean and tenants are configured (a list, a
 * query, or a {@code TenantSource} bean). With Micrometer, each tenant's run is an Observation
 * ({@code migrations.tenant}) and the tenants' outcomes are counted (no per-tenant tag).
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean(Migrator.class)
@Conditional(MigrationsTenantsAutoConfiguration.TenantsConfiguredCondition.class)
public final class MigrationsTenantsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MigrationsTenantsAutoConfiguration.class);

	/** The most connections one running tenant holds at once. */
	static final int CONNECTIONS_PER_TENANT = 3;

	@Bean
	@ConditionalOnMissingBean
	TenantSource migrationsTenantSource(MigrationsProperties properties, Migrator migrator) {
		return tenantSource(properties, migrator.getDataSource());
	}

	/**
	 * The tenants {@code migrations.tenants.schemas} lists, then those its {@code query} finds
	 * (asked at each run). Public for the command line, which reads the same properties.
	 * @param properties the bound {@code migrations.*} properties
	 * @param dataSource where the query runs
	 */
	public static TenantSource tenantSource(MigrationsProperties properties, DataSource dataSource) {
		List<String> schemas = List.copyOf(properties.getTenants().getSchemas());
		String query = properties.getTenants().getQuery();
		if (!StringUtils.hasText(query)) {
			return TenantSource.of(schemas);
		}
		TenantSource fromQuery = TenantSource.query(dataSource, query);
		return () -> {
			Set<String> names = new LinkedHashSet<>(schemas);
			names.addAll(fromQuery.tenants());
			return new ArrayList<>(names);
		};
	}

	/**
	 * The {@link Migrator} whose tenants are the tenants: the default one's data source and
	 * configuration, with {@code migrations.tenants.locations} when set. Public for the command
	 * line.
	 * @param migrator the default schema's
	 * @param properties the bound {@code migrations.*} properties
	 */
	public static Migrator tenantsMigrator(Migrator migrator, MigrationsProperties properties) {
		MigratorConfig.Builder config = migrator.getConfig().toBuilder();
		// this instance's last run, as the endpoint shows it, is the default schema's
		config.listeners(migrator.getConfig()
			.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LastMigrationRun))
			.toList());
		if (!properties.getTenants().getLocations().isEmpty()) {
			config.locations(properties.getTenants().getLocations());
		}
		return new Migrator(migrator.getDataSource(), config.build());
	}

	@Bean
	@ConditionalOnMissingBean
	Tenants migrationsTenants(Migrator migrator, TenantSource tenantSource, MigrationsProperties properties,
			ObjectProvider<TenantListener> listeners, ObjectProvider<DataSourcePoolMetadataProvider> pools) {
		int parallelism = parallelism(properties.getTenants().getParallelism(), migrator.getDataSource(), pools);
		return new Tenants(tenantsMigrator(migrator, properties), tenantSource, parallelism,
				properties.getTenants().isFailFast(), listeners.orderedStream().toList());
	}

	/**
	 * The parallelism the pool allows: a running tenant may hold {@value #CONNECTIONS_PER_TENANT}
	 * connections (its lock's, a migration's, and a fence check's for a statement outside a
	 * transaction), and a pool that cannot give them makes tenants wait for each other until its
	 * timeout fails them. Where Boot knows the pool's size, more tenants than it fits do not run at
	 * once (said at INFO).
	 */
	static int parallelism(int configured, DataSource dataSource, ObjectProvider<DataSourcePoolMetadataProvider> pools) {
		DataSourcePoolMetadata pool = pools.orderedStream()
			.map((provider) -> provider.getDataSourcePoolMetadata(dataSource))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		Integer max = (pool != null) ? pool.getMax() : null;
		if (max == null || max <= 0 || configured * CONNECTIONS_PER_TENANT <= max) {
			return configured;
		}
		int fitting = Math.max(1, max / CONNECTIONS_PER_TENANT);
		logger.info("Tenants migrate " + fitting + " at a time, not " + configured + ": the pool has " + max
				+ " connections and a running tenant may hold " + CONNECTIONS_PER_TENANT
				+ " (raise the pool's maximum size, or give migrations a DataSource of their own with migrations.url)");
		return fitting;
	}

	/**
	 * Runs after the default schema's initializer: it is injected (when there is one), and the
	 * detectors order the two.
	 */
	@Bean
	@ConditionalOnMissingBean
	MigrationsTenantsInitializer migrationsTenantsInitializer(Tenants tenants, MigrationsProperties properties,
			ObjectProvider<MigrationsInitializer> defaultSchema) {
		// the default schema first: its migrations may create the table the tenants' query reads
		defaultSchema.getIfAvailable();
		return new MigrationsTenantsInitializer(tenants, properties.getMode());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MigrationsTenantsMetrics migrationsTenantsMetrics(MeterRegistry meterRegistry) {
			return new MigrationsTenantsMetrics(meterRegistry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MigrationsTenantObservations migrationsTenantObservations(ObservationRegistry observationRegistry) {
			return new MigrationsTenantObservations(observationRegistry);
		}

	}

	/**
	 * Tenants are configured: {@code migrations.tenants.schemas} (a list in any form Boot binds),
	 * {@code migrations.tenants.query}, or a {@link TenantSource} bean.
	 */
	static final class TenantsConfiguredCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			List<String> schemas = binder.bind("migrations.tenants.schemas", Bindable.listOf(String.class))
				.orElse(List.of());
			if (!schemas.isEmpty()) {
				return ConditionOutcome.match("migrations.tenants.schemas names " + schemas.size() + " tenant(s)");
			}
			@Nullable String query = binder.bind("migrations.tenants.query", String.class).orElse(null);
			if (StringUtils.hasText(query)) {
				return ConditionOutcome.match("migrations.tenants.query is set");
			}
			if (context.getBeanFactory() != null
					&& context.getBeanFactory().getBeanNamesForType(TenantSource.class, true, false).length > 0) {
				return ConditionOutcome.match("a TenantSource bean exists");
			}
			return ConditionOutcome.noMatch("no migrations.tenants.schemas, migrations.tenants.query or TenantSource bean");
		}

	}

}
