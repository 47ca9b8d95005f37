package io.github.migrations.autoconfigure;


import io.github.migrations.MigrationState;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.LastRunDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationsDescriptor;
import io.github.migrations.actuate.health.MigrationsHealthIndicator;
import io.github.migrations.actuate.metrics.MigrationsMetrics;
import io.github.migrations.autoconfigure.MigrationsAutoConfiguration;
import io.github.migrations.autoconfigure.health.MigrationsHealthContributorAutoConfiguration;
import io.github.migrations.autoconfigure.metrics.MigrationsMetricsAutoConfiguration;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint, health indicator and meters together with the starter's
 * {@link MigrationsAutoConfiguration}: its {@code Migrator} reports the startup run to the
 * listener beans defined here.
 */
class MigrationsObservabilityIntegrationH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class,
				MigrationsEndpointAutoConfiguration.class, MigrationsHealthContributorAutoConfiguration.class,
				MigrationsMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				ObservationAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + H2Database.url(),
				"migrations.locations=classpath:migrations/base", "migrations.lock.lease=2s",
				"migrations.lock.wait-timeout=5s", "management.endpoints.web.exposure.include=migrations");

	@Test
	void theStartupRunIsReportedByTheEndpointTheHealthAndTheMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			MigrationsDescriptor status = context.getBean(MigrationsEndpoint.class).migrations();
			assertThat(status.currentVersion()).isEqualTo("3");
			assertThat(status.counts()).containsEntry(MigrationState.APPLIED, 3L);
			LastRunDescriptor lastRun = status.lastRun();
			assertThat(lastRun).isNotNull();
			assertThat(lastRun.source()).isEqualTo("instance");
			assertThat(lastRun.applied()).isEqualTo(3);
			assertThat(lastRun.lockWaitMs()).isNotNull();

			assertThat(context.getBean(MigrationsHealthIndicator.class).health(true).getStatus())
				.isEqualTo(Status.UP);

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("migrations.execution").tag("direction", "up").tag("outcome", "success").timer()
				.count()).isEqualTo(3);
			assertThat(meters.get("migrations.lock.wait").tag("outcome", "acquired").timer().count()).isEqualTo(1);
			assertThat(meters.get("migrations.run").tag("outcome", "success").timer().count()).isEqualTo(1);
			assertThat(meters.get("migrations.applied").gauge().value()).isEqualTo(3.0);
			assertThat(meters.get("migrations.pending").gauge().value()).isEqualTo(0.0);
		});
	}

	@Test
	void nothingOfTheEndpointIsCreatedWhenTheStarterIsDisabled() {
		this.contextRunner.withPropertyValues("migrations.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MigrationsEndpoint.class)
				.doesNotHaveBean(MigrationsHealthIndicator.class)
				.doesNotHaveBean(MigrationsMetrics.class));
	}

}
