package io.github.migrations.autoconfigure.metrics;

import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.actuate.TestMigrators;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsMetricsAutoConfiguration}.
 */
class MigrationsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsMetricsAutoConfiguration.class))
		.withBean(Migrator.class, () -> TestMigrators.migrator(TestMigrators.h2(), "base"));

	@Test
	void createsTheMetricsListenerWhenThereIsAMeterRegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(MigrationsMetrics.class)
				.doesNotHaveBean(MigrationsObservations.class));
	}

	@Test
	void createsTheMetricsListenerWithBootsMetricsAutoConfiguration() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(MigrationsMetrics.class);
				assertThat(context.getBean(MeterRegistry.class).find("migrations.pending").gauge()).isNotNull();
			});
	}

	@Test
	void createsNoMetricsListenerWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MigrationsMetrics.class)
			.doesNotHaveBean(MigrationsObservations.class));
	}

	@Test
	void createsTheObservationListenerWhenThereIsAnObservationRegistry() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
				.hasSingleBean(MigrationsObservations.class));
	}

	@Test
	void createsNothingWithoutMicrometerOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MigrationsMetrics.class)
				.doesNotHaveBean(MigrationsObservations.class));
	}

	@Test
	void createsNothingWithoutAMigrator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MigrationsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsMetrics.class));
	}

}
