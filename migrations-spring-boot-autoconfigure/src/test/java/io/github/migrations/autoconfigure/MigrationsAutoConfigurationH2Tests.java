package io.github.migrations.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.BaseJavaMigration;
import io.github.migrations.JavaMigration;
import io.github.migrations.HistoryImport;
import io.github.migrations.LintMode;
import io.github.migrations.LockLiveness;
import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DeferredImportSelector;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MigrationsAutoConfiguration}, on real in-memory H2 databases.
 */
class MigrationsAutoConfigurationH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsAutoConfiguration.class))
		.withPropertyValues("migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s");

	private final ApplicationContextRunner withDataSource = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class));

	@Test
	void backsOffWithoutDataSourceBeanOrUrl() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(Migrator.class);
			assertThat(context).doesNotHaveBean(MigrationsInitializer.class);
			assertThat(context).doesNotHaveBean(MigrationsProperties.class);
		});
	}

	@Test
	void backsOffWhenDisabledByProperty() {
		this.withDataSource.withPropertyValues("migrations.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class);
			assertThat(context).doesNotHaveBean(Migrator.class);
			assertThat(context).doesNotHaveBean(MigrationsInitializer.class);
		});
	}

	@Test
	void migratesTheApplicationDataSourceAtStartup() {
		this.withDataSource.run((context) -> {
			assertThat(context).hasNotFailed();
			Migrator migrator = context.getBean(Migrator.class);
			assertThat(migrator.getDataSource()).isSameAs(context.getBean(DataSource.class));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForList("SELECT version FROM schema_migrations", String.class))
				.containsExactly("20240101090000");
			assertThat(jdbc.queryForObject("SELECT message FROM greeting WHERE id = 1", String.class))
				.isEqualTo("hello from a migration");
		});
	}

	@Test
	void modeNoneLeavesTheDatabaseUntouched() {
		this.withDataSource.withPropertyValues("migrations.mode=none").run((context) -> {
			assertThat(context).hasSingleBean(Migrator.class);
			assertThat(context.getBean(MigrationsInitializer.class).getMode()).isEqualTo(MigrationsMode.NONE);
			assertThat(tableNames(context.getBean(DataSource.class))).doesNotContain("SCHEMA_MIGRATIONS",
					"GREETING");
		});
	}

	@Test
	void modeValidateRefusesToStartWhenMigrationsArePending() {
		this.withDataSource.withPropertyValues("migrations.mode=validate").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MigrationException.class);
		});
	}

	@Test
	void modeValidateStartsWhenEverythingIsApplied() {
		String url = H2Database.url();
		ApplicationContextRunner shared = this.withDataSource.withPropertyValues("spring.datasource.url=" + url);
		shared.run((context) -> assertThat(context).hasNotFailed());
		shared.withPropertyValues("migrations.mode=validate").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MigrationsInitializer.class).getMode()).isEqualTo(MigrationsMode.VALIDATE);
		});
	}

	@Test
	void aMigrationFailureFailsStartup() {
		this.withDataSource.withPropertyValues("migrations.locations=classpath:db/broken").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).cause().isInstanceOf(MigrationExecutionException.class);
			FailureAnalysis analysis = new MigrationsFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("1_broken.sql", "line: 3", "NO_SUCH_TABLE");
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	@Test
	void applicationMigratorWins() {
		this.withDataSource.withUserConfiguration(CustomMigratorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Migrator.class);
			Migrator migrator = context.getBean(Migrator.class);
			assertThat(migrator.getConfig().getTable()).isEqualTo("custom_history");
			assertThat(context.getBean(MigrationsInitializer.class).getMigrator()).isSameAs(migrator);
			assertThat(tableNames(context.getBean(DataSource.class))).contains("CUSTOM_HISTORY");
		});
	}

	@Test
	void separateUrlGetsItsOwnDataSource() {
		String url = H2Database.url();
		this.withDataSource.withPropertyValues("migrations.url=" + url, "migrations.user=sa").run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource migrationsDataSource = context.getBean(Migrator.class).getDataSource();
			assertThat(migrationsDataSource).isNotSameAs(context.getBean(DataSource.class))
				.isInstanceOf(SimpleDriverDataSource.class);
			assertThat(((SimpleDriverDataSource) migrationsDataSource).getUrl()).isEqualTo(url);
			assertThat(tableNames(migrationsDataSource)).contains("SCHEMA_MIGRATIONS", "GREETING");
			assertThat(tableNames(context.getBean(DataSource.class))).doesNotContain("SCHEMA_MIGRATIONS");
		});
	}

	@Test
	void urlAloneIsEnoughWithoutApplicationDataSource() {
		String url = H2Database.url();
		this.contextRunner.withPropertyValues("migrations.url=" + url, "migrations.user=sa").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DataSource.class);
			assertThat(tableNames(context.getBean(Migrator.class).getDataSource())).contains("GREETING");
		});
	}

	@Test
	void userWithoutUrlDerivesAConnectionFromTheApplicationDataSource() {
		String url = H2Database.url();
		this.withDataSource
			.withPropertyValues("spring.datasource.url=" + url, "migrations.user=sa", "migrations.password=",
					"migrations.mode=none")
			.run((context) -> {
				DataSource migrationsDataSource = context.getBean(Migrator.class).getDataSource();
				assertThat(migrationsDataSource).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(((SimpleDriverDataSource) migrationsDataSource).getUrl()).isEqualTo(url);
				assertThat(((SimpleDriverDataSource) migrationsDataSource).getUsername()).isEqualTo("sa");
			});
	}

	@Test
	void migrationsDataSourceQualifierSelectsAmongSeveralDataSources() {
		this.contextRunner.withUserConfiguration(TwoDataSourcesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource migrationsDataSource = context.getBean("migrationsDataSource", DataSource.class);
			assertThat(context.getBean(Migrator.class).getDataSource()).isSameAs(migrationsDataSource);
			assertThat(tableNames(migrationsDataSource)).contains("GREETING");
			assertThat(tableNames(context.getBean("appDataSource", DataSource.class))).doesNotContain("GREETING");
		});
	}

	@Test
	void customizersRunAfterThePropertiesInOrder() {
		this.withDataSource.withPropertyValues("migrations.table=from_properties", "migrations.mode=none")
			.withUserConfiguration(CustomizersConfiguration.class)
			.run((context) -> {
				MigratorConfig config = context.getBean(Migrator.class).getConfig();
				assertThat(config.getTable()).isEqualTo("second_customizer");
				assertThat(config.getLockTable()).isEqualTo("first_customizer_lock");
			});
	}

	@Test
	void javaMigrationAndListenerBeansArePickedUp() {
		this.withDataSource.withUserConfiguration(JavaMigrationConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			MigratorConfig config = context.getBean(Migrator.class).getConfig();
			assertThat(config.getJavaMigrations()).containsExactly(context.getBean(JavaMigration.class));
			assertThat(config.getListeners()).containsExactly(context.getBean(MigrationListener.class));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT count(*) FROM greeting", Integer.class)).isEqualTo(2);
			assertThat(jdbc.queryForList("SELECT version FROM schema_migrations ORDER BY version", String.class))
				.containsExactly("20240101090000", "20240102090000");
		});
	}

	@Test
	void propertiesAreMappedIntoTheMigratorConfig() {
		this.withDataSource
			.withPropertyValues("migrations.mode=none", "migrations.locations=classpath:db/other,classpath:db/{vendor}",
					"migrations.table=history", "migrations.lock-table=history_lock", "migrations.schema=PUBLIC",
					"migrations.validate-on-migrate=false", "migrations.out-of-order=true",
					"migrations.ignore-missing=true", "migrations.cleanup-invalid-indexes=true", "migrations.group=true", "migrations.target=1.2", "migrations.installed-by=deployer",
					"migrations.application-name=orders", "migrations.encoding=ISO-8859-1",
					"migrations.lock-timeout=3s", "migrations.statement-timeout=1m", "migrations.lock-retries=4",
					"migrations.lint=fail", "migrations.placeholders.owner=app", "migrations.placeholders.Region=eu",
					"migrations.placeholder-prefix=#[", "migrations.placeholder-suffix=]",
					"migrations.placeholder-replacement=false",
					"migrations.baseline-on-migrate=true", "migrations.baseline-version=3.1",
					"migrations.import-history=sql-migrate", "migrations.import-flyway-table=fw_history",
					"migrations.lock.lease=20s", "migrations.lock.heartbeat=5s", "migrations.lock.wait-timeout=2m",
					"migrations.lock.liveness=lease-only")
			.run((context) -> {
				MigratorConfig config = context.getBean(Migrator.class).getConfig();
				assertThat(config.getLocations()).containsExactly("classpath:db/other", "classpath:db/{vendor}");
				assertThat(config.getTable()).isEqualTo("history");
				assertThat(config.getLockTable()).isEqualTo("history_lock");
				assertThat(config.getSchema()).isEqualTo("PUBLIC");
				assertThat(config.isValidateOnMigrate()).isFalse();
				assertThat(config.isOutOfOrder()).isTrue();
				assertThat(config.isIgnoreMissing()).isTrue();
				assertThat(config.isCleanupInvalidIndexes()).isTrue();
				assertThat(config.isGroup()).isTrue();
				assertThat(config.getTarget()).isEqualTo(MigrationVersion.parse("1.2"));
				assertThat(config.getInstalledBy()).isEqualTo("deployer");
				assertThat(config.getApplicationName()).isEqualTo("orders");
				assertThat(config.getEncoding()).isEqualTo(StandardCharsets.ISO_8859_1);
				assertThat(config.getLockTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.getStatementTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(config.getLockRetries()).isEqualTo(4);
				assertThat(config.getLint()).isEqualTo(LintMode.FAIL);
				assertThat(config.isBaselineOnMigrate()).isTrue();
				assertThat(config.getBaselineVersion()).isEqualTo(MigrationVersion.parse("3.1"));
				assertThat(config.getImportHistory()).isEqualTo(HistoryImport.SQL_MIGRATE);
				assertThat(config.getImportFlywayTable()).isEqualTo("fw_history");
				assertThat(config.getLockLease()).isEqualTo(Duration.ofSeconds(20));
				assertThat(config.getLockHeartbeat()).isEqualTo(Duration.ofSeconds(5));
				assertThat(config.getLockWaitTimeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(config.getLockLiveness()).isEqualTo(LockLiveness.LEASE_ONLY);
				assertThat(config.getPlaceholders()).containsOnly(entry("owner", "app"), entry("Region", "eu"));
				assertThat(config.getPlaceholderPrefix()).isEqualTo("#[");
				assertThat(config.getPlaceholderSuffix()).isEqualTo("]");
				assertThat(config.isPlaceholderReplacement()).isFalse();
			});
	}

	@Test
	void placeholdersFromPropertiesAndCallbackBeansInOrderRunWithTheMigrations() {
		this.withDataSource.withUserConfiguration(CallbackConfiguration.class)
			.withPropertyValues("migrations.locations=classpath:db/placeholders", "migrations.placeholders.greeting=hello")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MigratorConfig config = context.getBean(Migrator.class).getConfig();
				assertThat(config.getCallbacks()).containsExactly(context.getBean("firstCallback", MigrationCallback.class),
						context.getBean("secondCallback", MigrationCallback.class));
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForList("SELECT text FROM greeting", String.class)).containsExactly("hello, PUBLIC",
						"after afterMigrate.sql", "first afterMigrate", "second afterMigrate");
			});
	}

	@Test
	void invalidPropertiesFailStartupNamingTheSetting() {
		this.withDataSource.withPropertyValues("migrations.table=bad-name;").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("table");
		});
	}

	@Test
	void jdbcTemplateWaitsForTheMigrations() {
		this.withDataSource.withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("migrations.mode=none")
			.run((context) -> {
				String[] dependsOn = context.getBeanFactory().getBeanDefinition("jdbcTemplate").getDependsOn();
				assertThat(dependsOn).contains("migrationsInitializer");
			});
	}

	@Test
	void tellsJpaThatTheMigratedDataSourceSchemaIsManaged() {
		this.withDataSource.withPropertyValues("migrations.mode=none").run((context) -> {
			SchemaManagementProvider provider = context.getBean(SchemaManagementProvider.class);
			assertThat(provider.getSchemaManagement(context.getBean(DataSource.class)))
				.isEqualTo(SchemaManagement.MANAGED);
			assertThat(provider.getSchemaManagement(H2Database.dataSource())).isEqualTo(SchemaManagement.UNMANAGED);
		});
	}

	@Test
	void jobModeRegistersTheExitAfterStartup() {
		this.withDataSource.withPropertyValues("migrations.mode=job").run((context) -> {
			assertThat(context).hasSingleBean(MigrationsJobExit.class);
			assertThat(context.getBean(MigrationsInitializer.class).getMode()).isEqualTo(MigrationsMode.JOB);
			assertThat(tableNames(context.getBean(DataSource.class))).contains("GREETING");
		});
		this.withDataSource.withPropertyValues("migrations.mode=migrate")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsJobExit.class));
	}

	@Test
	void startsWithoutActuatorAndMicrometerOnTheClasspath() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withPropertyValues("migrations.lock.lease=2s")
			.withUserConfiguration(SingleDataSourceConfiguration.class, ModuleAutoConfigurations.class);
		// with Actuator the module contributes its health indicator: the filter below is what removes it
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasBean("migrationsHealthIndicator");
		});
		runner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health", "org.springframework.boot.micrometer", "io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(Migrator.class);
				assertThat(context).doesNotHaveBean("migrationsHealthIndicator");
				assertThat(tableNames(context.getBean(DataSource.class))).contains("GREETING");
			});
	}

	private static List<String> tableNames(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'", String.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class CallbackConfiguration {

		@Bean
		@Order(2)
		MigrationCallback secondCallback() {
			return greeting("second");
		}

		@Bean
		@Order(1)
		MigrationCallback firstCallback() {
			return greeting("first");
		}

		private static MigrationCallback greeting(String who) {
			return (event, context) -> {
				if (event == MigrationCallback.Event.AFTER_MIGRATE) {
					try (var statement = context.connection()
						.prepareStatement("INSERT INTO greeting VALUES (?)")) {
						statement.setString(1, who + " " + event.fileName());
						statement.executeUpdate();
					}
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingleDataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return H2Database.dataSource();
		}

	}

	/**
	 * Imports every auto-configuration this module registers, by name, as Spring Boot does: their
	 * annotations are then read from the class files through the context's class loader, so that
	 * a filtered-out Actuator or Micrometer class hides what refers to it.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(ModuleAutoConfigurations.Selector.class)
	static class ModuleAutoConfigurations {

		static class Selector implements DeferredImportSelector, BeanClassLoaderAware {

			private ClassLoader classLoader = getClass().getClassLoader();

			@Override
			public void setBeanClassLoader(ClassLoader classLoader) {
				this.classLoader = classLoader;
			}

			@Override
			public String[] selectImports(AnnotationMetadata metadata) {
				List<String> names = ImportCandidates.load(AutoConfiguration.class, this.classLoader)
					.getCandidates()
					.stream()
					.filter((name) -> name.startsWith("io.github.migrations."))
					.toList();
				assertThat(names).contains(MigrationsAutoConfiguration.class.getName());
				return names.toArray(new String[0]);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMigratorConfiguration {

		@Bean
		Migrator customMigrator(DataSource dataSource) {
			return new Migrator(dataSource, MigratorConfig.builder().table("custom_history").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		@Primary
		DataSource appDataSource() {
			return H2Database.dataSource();
		}

		@Bean
		@MigrationsDataSource
		DataSource migrationsDataSource() {
			return H2Database.dataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		@Bean
		@Order(2)
		MigratorConfigCustomizer secondCustomizer() {
			return (builder) -> builder.table("second_customizer");
		}

		@Bean
		@Order(1)
		MigratorConfigCustomizer firstCustomizer() {
			return (builder) -> builder.table("first_customizer").lockTable("first_customizer_lock");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JavaMigrationConfiguration {

		@Bean
		JavaMigration secondGreeting() {
			return new V20240102090000__SecondGreeting();
		}

		@Bean
		MigrationListener listener() {
			return new MigrationListener() {
			};
		}

	}

	static class V20240102090000__SecondGreeting extends BaseJavaMigration {

		@Override
		public void up(MigrationContext context) {
			context.jdbcTemplate().update("INSERT INTO greeting (id, message) VALUES (?, ?)", 2, "hello from Java");
		}

	}

}
