package io.github.migrations.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.TenantListener;
import io.github.migrations.TenantResult;
import io.github.migrations.TenantSource;
import io.github.migrations.Tenants;
import io.github.migrations.actuate.endpoint.LastMigrationRun;
import io.github.migrations.actuate.health.MigrationsTenantsHealthIndicator;
import io.github.migrations.autoconfigure.health.MigrationsTenantsHealthContributorAutoConfiguration;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationsTenantsAutoConfiguration} on PostgreSQL: it backs off without tenants; a list,
 * a query or a {@code TenantSource} bean turns it on; the properties reach {@link Tenants}; the
 * startup runs the tenants after the default schema; fail-fast fails the start naming the tenant,
 * and validate mode refuses to start while a tenant is behind.
 */
class MigrationsTenantsAutoConfigurationPostgresTests {

	@RegisterExtension
	static final PostgresDatabase db = new PostgresDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class,
				MigrationsEndpointAutoConfiguration.class, MigrationsTenantsAutoConfiguration.class,
				MigrationsTenantsHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
				"spring.datasource.password=" + db.password(), "migrations.locations=classpath:migrations/tenants",
				"migrations.schema=shared", "migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
				"management.endpoints.web.exposure.include=migrations");

	private JdbcTemplate jdbc() {
		return new JdbcTemplate(db.dataSource());
	}

	@Test
	void backsOffWithoutTenants() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(Tenants.class);
			assertThat(context).doesNotHaveBean(MigrationsTenantsInitializer.class);
			assertThat(context).doesNotHaveBean(MigrationsTenantsHealthIndicator.class);
		});
	}

	@Test
	void theListedTenantsMigrateAtStartupAfterTheDefaultSchemaWithTheirSettings() {
		this.contextRunner
			.withPropertyValues("migrations.tenants.schemas[0]=listed_a", "migrations.tenants.schemas[1]=listed_b",
					"migrations.tenants.parallelism=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Tenants tenants = context.getBean(Tenants.class);
				assertThat(tenants.getParallelism()).isEqualTo(3);
				assertThat(tenants.isFailFast()).isFalse();
				assertThat(tenants.lastRun().count(TenantResult.Outcome.APPLIED)).isEqualTo(2);
				assertThat(jdbc().queryForObject("SELECT count(*) FROM shared.schema_migrations", Integer.class))
					.isEqualTo(2);
				assertThat(jdbc().queryForObject("SELECT note FROM listed_b.items", String.class))
					.isEqualTo("listed_b");
				assertThat(context.getBean(MigrationsTenantsHealthIndicator.class).health(true).getStatus())
					.isEqualTo(Status.UP);
				// the endpoint's last run stays the default schema's
				assertThat(context.getBean(LastMigrationRun.class).get().migrations()).hasSize(2);
				assertThat(context.getBean(LastMigrationRun.class).get().startedAt())
					.isBefore(tenants.lastRun().startedAt());
			});
	}

	@Test
	void fewerTenantsRunAtOnceWhenThePoolCannotGiveEachThreeConnections() {
		this.contextRunner
			.withPropertyValues("migrations.tenants.schemas=pool_a", "migrations.tenants.parallelism=4",
					"spring.datasource.hikari.maximum-pool-size=7")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Tenants.class).getParallelism()).isEqualTo(2);
			});
		this.contextRunner
			.withPropertyValues("migrations.tenants.schemas=pool_b", "migrations.tenants.parallelism=4",
					"spring.datasource.hikari.maximum-pool-size=12")
			.run((context) -> assertThat(context.getBean(Tenants.class).getParallelism()).isEqualTo(4));
	}

	@Test
	void aTenantSourceBeanAndTenantListenerBeansAreUsed() {
		List<String> heard = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(TenantSource.class, () -> TenantSource.of("bean_a"))
			.withBean(TenantListener.class, () -> new TenantListener() {

				@Override
				public void tenantFinished(TenantResult result) {
					heard.add(result.tenant() + " " + result.outcome());
				}

			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Tenants.class).names()).containsExactly("bean_a");
				assertThat(heard).containsExactly("bean_a APPLIED");
			});
	}

	@Test
	void failFastFailsTheStartNamingTheTenant() {
		this.contextRunner
			.withPropertyValues("migrations.tenants.schemas=ff_a,bad_ff,ff_c", "migrations.tenants.parallelism=1",
					"migrations.tenants.fail-fast=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tenant refuses the seed");
				assertThat(context.getStartupFailure()).hasMessageContaining("Tenant bad_ff failed, and fail-fast");
				assertThat(jdbc().queryForObject("SELECT to_regnamespace('ff_c') IS NULL", Boolean.class)).isTrue();
			});
	}

	@Test
	void validateModeRefusesToStartWhileATenantIsBehind() {
		// the default schema is up to date: only the tenant is behind
		new Migrator(db.dataSource(), MigratorConfig.builder().locations("classpath:migrations/tenants").build())
			.tenant("shared_val")
			.migrate();
		this.contextRunner
			.withPropertyValues("migrations.schema=shared_val", "migrations.tenants.schemas=val_a",
					"migrations.mode=validate")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(MigrationException.class)
					.rootCause()
					.hasMessageContaining("1 tenant(s) not up to date (migrations.mode=validate): val_a NEW");
			});
	}

}
