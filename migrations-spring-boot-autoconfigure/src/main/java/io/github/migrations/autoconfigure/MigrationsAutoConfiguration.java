package io.github.migrations.autoconfigure;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.preflight.MaintenanceWindow;
import io.github.migrations.preflight.PreflightCheck;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the migrations engine: builds a {@link Migrator} from the
 * {@code migrations.*} properties, {@link MigratorConfigCustomizer customizers},
 * {@link JavaMigration}, {@link MigrationListener} and {@link PreflightCheck} beans, and runs it at startup through a
 * {@link MigrationsInitializer}. Active when the application has a DataSource (or
 * {@code migrations.url} is set) and {@code migrations.enabled} is not {@code false}; an
 * application that defines its own {@link Migrator} bean keeps it.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@Conditional(MigrationsAutoConfiguration.MigrationsDataSourceCondition.class)
@ConditionalOnBooleanProperty(name = "migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationsProperties.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, MigrationsInstancesRegistrar.class })
public final class MigrationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(Migrator.class)
	Migrator migrator(MigrationsProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<DataSource> dataSource, @MigrationsDataSource ObjectProvider<DataSource> migrationsDataSource,
			ObjectProvider<MigrationsConnectionDetails> connectionDetails, ListableBeanFactory beanFactory) {
		DataSource target = migrationDataSource(properties, migrationsDataSource.getIfAvailable(),
				connectionDetails.getIfAvailable(), dataSource.getIfUnique());
		MigratorConfig.Builder builder = MigratorConfig.builder().resourceLoader(resourceLoader);
		configure(builder, properties);
		// beans annotated @MigrationsInstance for a named instance are that instance's alone
		String instance = MigrationsInstances.DEFAULT;
		builder.javaMigrations(MigrationsInstances.beans(beanFactory, JavaMigration.class, instance, false));
		builder.listeners(MigrationsInstances.beans(beanFactory, MigrationListener.class, instance, true));
		builder.callbacks(MigrationsInstances.beans(beanFactory, MigrationCallback.class, instance, false));
		List<PreflightCheck> checks = MigrationsInstances.beans(beanFactory, PreflightCheck.class, instance, true);
		builder.preflight((preflight) -> preflight.checks(checks));
		MigrationsInstances.beans(beanFactory, MigratorConfigCustomizer.class, instance, true)
			.forEach((customizer) -> customizer.customize(builder));
		return new Migrator(target, builder.build());
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationsInitializer migrationsInitializer(Migrator migrator, MigrationsProperties properties) {
		return new MigrationsInitializer(migrator, properties.getMode());
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationsSchemaManagementProvider migrationsSchemaManagementProvider(ListableBeanFactory beanFactory) {
		return new MigrationsSchemaManagementProvider(beanFactory);
	}

	/**
	 * Maps the properties onto the builder; values that are not set leave the builder's
	 * defaults, which are the properties' defaults too. Public for the command line, which binds
	 * the same properties outside an application context.
	 * @param builder the builder to configure
	 * @param properties the bound {@code migrations.*} properties
	 */
	public static void configure(MigratorConfig.Builder builder, MigrationsProperties properties) {
		PropertyMapper map = PropertyMapper.get();
		map.from(properties.getLocations()).to(builder::locations);
		map.from(properties.getTable()).to(builder::table);
		map.from(properties.getLockTable()).to(builder::lockTable);
		map.from(properties.getSchema()).whenHasText().to(builder::schema);
		map.from(properties.isValidateOnMigrate()).to(builder::validateOnMigrate);
		map.from(properties.isOutOfOrder()).to(builder::outOfOrder);
		map.from(properties.isIgnoreMissing()).to(builder::ignoreMissing);
		map.from(properties.isCleanupInvalidIndexes()).to(builder::cleanupInvalidIndexes);
		map.from(properties.isGroup()).to(builder::group);
		map.from(properties.getTarget()).whenHasText().as(MigrationVersion::parse).to(builder::target);
		map.from(properties.getInstalledBy()).whenHasText().to(builder::installedBy);
		map.from(properties.getApplicationName()).to(builder::applicationName);
		map.from(properties.getEncoding()).to(builder::encoding);
		map.from(properties.getLockTimeout()).to(builder::lockTimeout);
		map.from(properties.getStatementTimeout()).to(builder::statementTimeout);
		map.from(properties.getLockRetries()).to(builder::lockRetries);
		map.from(properties.getSlowThreshold()).to(builder::slowThreshold);
		// 0 turns these off (the core's null)
		builder.commitTimeout(positiveOrNull(properties.getCommitTimeout()));
		builder.backfillMaxReplicationLag(positiveOrNull(properties.getBackfill().getMaxReplicationLag()));
		map.from(properties.isBaselineOnMigrate()).to(builder::baselineOnMigrate);
		map.from(properties.getBaselineVersion()).as(MigrationVersion::parse).to(builder::baselineVersion);
		map.from(properties.getImportHistory()).to(builder::importHistory);
		map.from(properties.getImportFlywayTable()).to(builder::importFlywayTable);
		map.from(properties.getPlaceholders()).to(builder::placeholders);
		map.from(properties.getPlaceholderPrefix()).to(builder::placeholderPrefix);
		map.from(properties.getPlaceholderSuffix()).to(builder::placeholderSuffix);
		map.from(properties.isPlaceholderReplacement()).to(builder::placeholderReplacement);
		map.from(properties.getLock().getLease()).to(builder::lockLease);
		map.from(properties.getLock().getHeartbeat()).to(builder::lockHeartbeat);
		map.from(properties.getLock().getWaitTimeout()).to(builder::lockWaitTimeout);
		map.from(properties.getLock().getLiveness()).to(builder::lockLiveness);
		// Boot-native settings (#15)
		MigrationsProperties.Lint lint = properties.getLint();
		map.from(lint.getMode()).to(builder::lint);
		map.from(lint.getRules()).to(builder::lintRules);
		map.from(lint.getStartAfter()).whenHasText().as(MigrationVersion::parse).to(builder::lintStartAfter);
		map.from(properties.getConnectRetries()).to(builder::connectRetries);
		map.from(properties.getConnectRetriesInterval()).to(builder::connectRetriesInterval);
		map.from(properties.isFailOnMissingLocations()).to(builder::failOnMissingLocations);
		MigrationsProperties.Preflight preflight = properties.getPreflight();
		builder.preflight((p) -> {
			map.from(preflight.isEnabled()).to(p::enabled);
			map.from(preflight.getIdleInTransactionThreshold()).to(p::idleInTransactionThreshold);
			map.from(preflight.getLongRunningThreshold()).to(p::longRunningThreshold);
			map.from(preflight.getTableSizeThreshold()).to(p::tableSizeThreshold);
			map.from(preflight.getActiveConnectionsThreshold()).to(p::activeConnectionsThreshold);
			map.from(preflight.getReplicationLagWarning()).to(p::replicationLagWarning);
			map.from(preflight.getReplicationLagBlocking()).to(p::replicationLagBlocking);
			map.from(preflight.getReplicationBytesWarning()).to(p::replicationBytesWarning);
			map.from(preflight.getReplicationBytesBlocking()).to(p::replicationBytesBlocking);
			map.from(preflight.getMaintenanceWindow())
				.whenHasText()
				.as((window) -> MaintenanceWindow.parse(window, preflight.getMaintenanceWindowZone()))
				.to(p::maintenanceWindow);
			map.from(preflight.getOutsideWindow()).to(p::outsideWindow);
			map.from(preflight.getTimeout()).to(p::timeout);
			map.from(preflight.getSkipChecks()).to(p::skipChecks);
		});
	}

	/**
	 * The DataSource to migrate, in order: a {@link MigrationsDataSource @MigrationsDataSource}
	 * bean, a non-pooled one for the {@link MigrationsConnectionDetails} ({@code migrations.url},
	 * or the application's {@code JdbcConnectionDetails} with {@code migrations.user}, or the
	 * application's own bean), one derived from the application's DataSource with
	 * {@code migrations.user}, the application's own.
	 */
	private static DataSource migrationDataSource(MigrationsProperties properties,
			@Nullable DataSource migrationsDataSource, @Nullable MigrationsConnectionDetails connectionDetails,
			@Nullable DataSource dataSource) {
		if (migrationsDataSource != null) {
			return migrationsDataSource;
		}
		if (connectionDetails != null) {
			// a short-lived, unpooled connection is enough for a one-off run and keeps privileged
			// sessions out of the application's pool
			DataSourceBuilder<?> builder = DataSourceBuilder.create().type(SimpleDriverDataSource.class);
			builder.url(connectionDetails.getJdbcUrl());
			builder.username(connectionDetails.getUsername());
			builder.password(connectionDetails.getPassword());
			if (StringUtils.hasText(connectionDetails.getDriverClassName())) {
				builder.driverClassName(connectionDetails.getDriverClassName());
			}
			return builder.build();
		}
		if (StringUtils.hasText(properties.getUser()) && dataSource != null) {
			// A separate login on the application's database: a short-lived, unpooled connection
			// is enough for a one-off run and keeps privileged sessions out of the pool.
			DataSourceBuilder<?> builder = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class);
			return applyCredentials(builder, properties).build();
		}
		if (dataSource == null) {
			throw new IllegalStateException("No DataSource for migrations: the application has several DataSource "
					+ "beans and none is @Primary. Mark one @Primary, annotate the one to migrate with "
					+ "@MigrationsDataSource, or set migrations.url.");
		}
		return dataSource;
	}

	static DataSourceBuilder<?> applyCredentials(DataSourceBuilder<?> builder,
			MigrationsProperties properties) {
		builder.username(properties.getUser());
		builder.password(properties.getPassword());
		if (StringUtils.hasText(properties.getDriverClassName())) {
			builder.driverClassName(properties.getDriverClassName());
		}
		return builder;
	}

	/**
	 * Where the migrations connect when not through the application's DataSource. Declared in
	 * order: {@code migrations.url} wins over the application's connection details.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ConnectionDetailsConfiguration {

		@Bean
		@ConditionalOnMissingBean(MigrationsConnectionDetails.class)
		@ConditionalOnProperty("migrations.url")
		PropertiesMigrationsConnectionDetails migrationsConnectionDetails(MigrationsProperties properties) {
			return new PropertiesMigrationsConnectionDetails(properties);
		}

		@Bean
		@ConditionalOnMissingBean(MigrationsConnectionDetails.class)
		@ConditionalOnProperty("migrations.user")
		@ConditionalOnBean(JdbcConnectionDetails.class)
		JdbcMigrationsConnectionDetails jdbcMigrationsConnectionDetails(JdbcConnectionDetails jdbcConnectionDetails,
				MigrationsProperties properties) {
			return new JdbcMigrationsConnectionDetails(jdbcConnectionDetails, properties);
		}

	}

	/**
	 * Stops the application after a successful run in {@link MigrationsMode#JOB job mode}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "migrations.mode", havingValue = "job")
	static class JobModeConfiguration {

		@Bean
		MigrationsJobExit migrationsJobExit() {
			return new MigrationsJobExit();
		}

	}

	static final class MigrationsDataSourceCondition extends AnyNestedCondition {

		MigrationsDataSourceCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(DataSource.class)
		private static final class DataSourceBeanCondition {

		}

		@ConditionalOnProperty("migrations.url")
		private static final class MigrationsUrlCondition {

		}

		@ConditionalOnBean(MigrationsConnectionDetails.class)
		private static final class ConnectionDetailsCondition {

		}

	}

	private static @Nullable Duration positiveOrNull(@Nullable Duration duration) {
		return (duration == null || duration.isZero()) ? null : duration;
	}

}
