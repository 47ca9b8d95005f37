package io.github.migrations.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.BaseJavaMigration;
import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several databases: {@code migrations.instances.<name>.*} next to the default instance, on real
 * in-memory H2 databases.
 */
class MigrationsInstancesH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class))
		.withPropertyValues("migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
				"migrations.locations=classpath:migrations/base");

	@Test
	void eachInstanceAppliesItsOwnMigrationsToItsOwnDatabase() {
		String orders = H2Database.url();
		String audit = H2Database.url();
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.url=" + orders, "migrations.instances.orders.user=sa",
					"migrations.instances.orders.locations=classpath:db/other",
					"migrations.instances.audit.url=" + audit, "migrations.instances.audit.user=sa",
					"migrations.instances.audit.locations=classpath:migrations/audit")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tables(context.getBean(DataSource.class))).contains("CUSTOMER", "ORDERS")
					.doesNotContain("OTHER_THING", "AUDIT_ENTRY");
				Migrator ordersMigrator = context.getBean("ordersMigrator", Migrator.class);
				assertThat(tables(ordersMigrator.getDataSource())).contains("OTHER_THING")
					.doesNotContain("CUSTOMER", "AUDIT_ENTRY");
				Migrator auditMigrator = context.getBean("auditMigrator", Migrator.class);
				assertThat(tables(auditMigrator.getDataSource())).contains("AUDIT_ENTRY")
					.doesNotContain("CUSTOMER", "OTHER_THING");
				assertThat(auditMigrator.status().currentVersion()).isEqualTo(MigrationVersion.parse("2"));
				assertThat(context.getBeanNamesForType(MigrationsInitializer.class)).containsExactlyInAnyOrder(
						"migrationsInitializer", "ordersMigrationsInitializer", "auditMigrationsInitializer");
			});
	}

	@Test
	void aPlainMigratorInjectionGetsTheDefaultInstanceAndAQualifiedOneItsInstance() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.locations=classpath:db/other")
			.withUserConfiguration(MigratorUser.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MigratorUser user = context.getBean(MigratorUser.class);
				assertThat(user.plain.getConfig().getLocations()).containsExactly("classpath:migrations/base");
				assertThat(user.orders.getConfig().getLocations()).containsExactly("classpath:db/other");
				assertThat(user.orders).isSameAs(context.getBean("ordersMigrator"));
			});
	}

	@Test
	void aDataSourceAnnotatedWithTheInstancesNameIsTheOneItMigrates() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MigrationsAutoConfiguration.class))
			.withPropertyValues("migrations.locations=classpath:migrations/base",
					"migrations.instances.orders.locations=classpath:db/other")
			.withUserConfiguration(TwoDataSources.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DataSource primary = context.getBean("primary", DataSource.class);
				DataSource orders = context.getBean("orders", DataSource.class);
				assertThat(context.getBean(Migrator.class).getDataSource()).isSameAs(primary);
				assertThat(context.getBean("ordersMigrator", Migrator.class).getDataSource()).isSameAs(orders);
				assertThat(tables(primary)).contains("CUSTOMER").doesNotContain("OTHER_THING");
				assertThat(tables(orders)).contains("OTHER_THING").doesNotContain("CUSTOMER");
				// JPA leaves the schema of both to the migrations (no create-drop on embedded H2)
				SchemaManagementProvider schemaManagement = context.getBean(SchemaManagementProvider.class);
				assertThat(schemaManagement.getSchemaManagement(orders)).isEqualTo(SchemaManagement.MANAGED);
				assertThat(schemaManagement.getSchemaManagement(primary)).isEqualTo(SchemaManagement.MANAGED);
				assertThat(schemaManagement.getSchemaManagement(H2Database.dataSource()))
					.isEqualTo(SchemaManagement.UNMANAGED);
			});
	}

	@Test
	void anInstanceInheritsTheDefaultInstancesSettingsButNotItsConnection() {
		this.contextRunner
			.withPropertyValues("migrations.url=" + H2Database.url(), "migrations.user=sa", "migrations.password=pw",
					"migrations.table=app_history", "migrations.lock.lease=7s", "migrations.placeholders.owner=app",
					"migrations.placeholders.region=eu", "migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.locations=classpath:db/other",
					"migrations.instances.orders.placeholders.owner=orders", "migrations.instances.orders.mode=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MigrationsProperties orders = context.getBean(MigrationsInstances.class).properties("orders");
				assertThat(orders.getTable()).isEqualTo("app_history");
				assertThat(orders.getLock().getLease()).hasSeconds(7);
				assertThat(orders.getLocations()).containsExactly("classpath:db/other");
				assertThat(orders.getPlaceholders()).containsEntry("owner", "orders").containsEntry("region", "eu");
				assertThat(orders.getMode()).isEqualTo(MigrationsMode.NONE);
				assertThat(orders.getUser()).isNull();
				assertThat(orders.getPassword()).isNull();
				Migrator migrator = context.getBean("ordersMigrator", Migrator.class);
				assertThat(migrator.getConfig().getTable()).isEqualTo("app_history");
				assertThat(migrator.status().pending()).hasSize(1);
			});
	}

	@Test
	void anInstanceInValidateModeRefusesToStartWithAPendingMigration() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.locations=classpath:db/other", "migrations.instances.orders.mode=validate")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("ordersMigrationsInitializer")
				.hasStackTraceContaining("pending"));
	}

	@Test
	void aFailedInstanceIsNamedInTheStartupReportWithItsOwnWayToRepair() {
		this.contextRunner
			.withPropertyValues("migrations.instances.broken.url=" + H2Database.url(),
					"migrations.instances.broken.locations=classpath:migrations/failing")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new MigrationsFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.startsWith("Migrations instance 'broken' (migrations.instances.broken): ");
				assertThat(analysis.getAction()).contains("migrations.instances.broken.mode=none",
						"/actuator/migrations/instances/broken/repair");
			});
	}

	@Test
	void twoInstancesOnOneHistoryTableAreRefusedNamingBoth() {
		this.contextRunner.withPropertyValues("migrations.instances.orders.locations=classpath:db/other")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("The migrations instances 'default' and 'orders' would keep their history in one table")
				.hasStackTraceContaining("migrations.instances.orders.url"));
	}

	@Test
	void anInstanceOnTheApplicationsDatabaseWithItsOwnSchemaKeepsItsOwnHistory() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.locations=classpath:db/other",
					"migrations.instances.orders.schema=orders")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForList("SELECT table_schema FROM information_schema.tables "
						+ "WHERE LOWER(table_name) = 'schema_migrations'", String.class))
					.containsExactlyInAnyOrder("PUBLIC", "orders");
				assertThat(context.getBean("ordersMigrator", Migrator.class).status().currentVersion()).hasToString("1");
				assertThat(context.getBean(Migrator.class).status().currentVersion()).hasToString("3");
			});
	}

	@Test
	void anInstanceWithALoginOfItsOwnOnTheApplicationsDatabaseUsesItsOwnDriverClassToo() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.locations=classpath:db/other",
					"migrations.instances.orders.schema=orders", "migrations.instances.orders.user=sa",
					"migrations.instances.orders.driver-class-name=com.example.NoSuchDriver")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("com.example.NoSuchDriver"));
	}

	@Test
	void anInstanceNamedDefaultIsRefused() {
		this.contextRunner.withPropertyValues("migrations.instances.default.url=" + H2Database.url())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid migrations instance name 'default'"));
	}

	@Test
	void tenantsOnANamedInstanceAreRefusedWithTheWayToConfigureThem() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.tenants.schemas=acme,globex")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Tenants are not supported on a named instance: "
						+ "migrations.instances.orders.tenants.* is set")
				.hasStackTraceContaining("migrations.tenants.*"));
	}

	@Test
	void aDisabledInstanceHasNoBeans() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("ordersMigrator");
				assertThat(context.getBean(MigrationsInstances.class).names()).isEmpty();
			});
	}

	@Test
	void aJavaMigrationBeanAnnotatedForAnInstanceRunsThereOnly() {
		this.contextRunner
			.withPropertyValues("migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.locations=classpath:db/other")
			.withUserConfiguration(OrdersJavaMigration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tables(context.getBean("ordersMigrator", Migrator.class).getDataSource()))
					.contains("FROM_JAVA");
				assertThat(tables(context.getBean(DataSource.class))).doesNotContain("FROM_JAVA");
			});
	}

	private static List<String> tables(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'", String.class);
	}

	static class MigratorUser {

		final Migrator plain;

		final Migrator orders;

		MigratorUser(Migrator plain, @Qualifier("orders") Migrator orders) {
			this.plain = plain;
			this.orders = orders;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		@Primary
		DataSource primary() {
			return H2Database.dataSource();
		}

		@Bean
		@MigrationsDataSource("orders")
		DataSource orders() {
			return H2Database.dataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersJavaMigration {

		@Bean
		@MigrationsInstance("orders")
		JavaMigration fromJava() {
			return new V5__FromJava();
		}

	}

	static class V5__FromJava extends BaseJavaMigration {

		@Override
		public void up(MigrationContext context) {
			context.jdbcTemplate().execute("CREATE TABLE from_java (id INT)");
		}

	}

}
