package io.github.migrations.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.actuate.metrics.MigrationsMetrics;
import io.github.migrations.actuate.metrics.MigrationsObservations;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsMetricsAutoConfiguration}.
 */
class MigrationsMetricsAutoConfigurationH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsMetricsAutoConfiguration.class))
		.withBean(Migrator.class, () -> TestMigrators.migrator(H2Database.dataSource(), "base"));

	// Boot's metrics and observation auto-configuration, and a Migrator that reports to every
	// MigrationListener bean, as the starter's auto-configuration builds it
	private final ApplicationContextRunner bootMetrics = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class))
		.withUserConfiguration(ListeningMigratorConfiguration.class);

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
	void aRunIsActiveOnceWhenBootsObservationHandlerAlsoTimesIt() {
		this.bootMetrics.run((context) -> {
			assertThat(context).hasSingleBean(MigrationsObservations.class);
			migrateAndAssertOneActiveRun(context);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// the Observation's own meters, from Boot's meter observation handler
			assertThat(registry.get("migrations.run").tag("operation", "migrate").tag("outcome", "success").timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("migrations.migration").timer().count()).isEqualTo(3);
			assertThat(registry.get("migrations.execution").tag("direction", "up").timer().count()).isEqualTo(3);
		});
	}

	@Test
	void aRunIsActiveOnceWhenBootIgnoresObservationLongTaskTimers() {
		this.bootMetrics.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run(this::migrateAndAssertOneActiveRun);
	}

	@Test
	void aRunIsActiveOnceWithoutObservations() {
		new ApplicationContextRunner().withUserConfiguration(ListeningMigratorConfiguration.class)
			.withConfiguration(AutoConfigurations.of(MigrationsMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MigrationsObservations.class);
				migrateAndAssertOneActiveRun(context);
			});
	}

	@Test
	void prometheusScrapesTheMeters() {
		this.bootMetrics.withConfiguration(AutoConfigurations.of(PrometheusMetricsExportAutoConfiguration.class))
			.run((context) -> {
				context.getBean(Migrator.class).migrate();
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape)
					.contains("migrations_execution_seconds_count{direction=\"up\",migrations_instance=\"default\","
							+ "outcome=\"success\"} 3")
					.contains("migrations_lock_wait_seconds_count{migrations_instance=\"default\",outcome=\"acquired\"} 1")
					.contains("migrations_pending{migrations_instance=\"default\"} 0")
					.contains("migrations_applied{migrations_instance=\"default\"} 3")
					.contains("migrations_run_active_seconds_count{migrations_instance=\"default\",operation=\"migrate\"} 0")
					// not "instance": Prometheus gives that label to the scrape target
					.doesNotContain(",instance=").doesNotContain("{instance=")
					.doesNotContain("version=");
			});
	}

	private void migrateAndAssertOneActiveRun(AssertableApplicationContext context) {
		context.getBean(Migrator.class).migrate();
		assertThat(context.getBean(ActiveRunProbe.class).activeDuringRun).containsExactly(1, 1, 1);
		assertThat(context.getBean(MeterRegistry.class).get("migrations.run.active").longTaskTimer().activeTasks())
			.isZero();
	}

	@Test
	void createsNothingWithoutAMigrator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MigrationsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ListeningMigratorConfiguration {

		@Bean
		Migrator migrator(ObjectProvider<MigrationListener> listeners) {
			return new Migrator(H2Database.dataSource(),
					TestMigrators.config("base").listeners(listeners.orderedStream().toList()).build());
		}

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		ActiveRunProbe activeRunProbe(ObjectProvider<MeterRegistry> registry) {
			return new ActiveRunProbe(registry);
		}

	}

	/**
	 * Records, when each migration starts, how many runs the meters show as active.
	 */
	static class ActiveRunProbe implements MigrationListener {

		private final ObjectProvider<MeterRegistry> registry;

		final List<Integer> activeDuringRun = new ArrayList<>();

		ActiveRunProbe(ObjectProvider<MeterRegistry> registry) {
			this.registry = registry;
		}

		@Override
		public void migrationStarted(MigrationDescriptor migration, Direction direction) {
			this.activeDuringRun.add(this.registry.getObject()
				.find("migrations.run.active")
				.longTaskTimers()
				.stream()
				.mapToInt(LongTaskTimer::activeTasks)
				.sum());
		}

	}

}
