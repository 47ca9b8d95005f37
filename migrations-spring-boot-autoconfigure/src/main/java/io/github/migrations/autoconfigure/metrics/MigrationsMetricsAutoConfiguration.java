package io.github.migrations.autoconfigure.metrics;

import java.util.Locale;
import java.util.Set;

import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.MigrationsInstance;
import io.github.migrations.autoconfigure.MigrationsInstanceListeners;
import io.github.migrations.autoconfigure.MigrationsInstances;
import io.github.migrations.actuate.metrics.MigrationsMetrics;
import io.github.migrations.actuate.metrics.MigrationsObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Micrometer listeners: {@link MigrationsMetrics} when there is a
 * {@link MeterRegistry} bean, {@link MigrationsObservations} when there is an
 * {@link ObservationRegistry} bean. Both are {@link io.github.migrations.MigrationListener} beans,
 * which the {@link Migrator} built by the auto-configuration reports to; the engine itself knows
 * nothing of Micrometer.
 */
// names, not classes: an application without Micrometer's auto-configuration must not see a
// TypeNotPresentException (a WARN at every start) when this annotation is read
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"io.github.migrations.autoconfigure.MigrationsAutoConfiguration" })
@ConditionalOnBean(Migrator.class)
public final class MigrationsMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterConfiguration {

		private static final String IGNORED_OBSERVATION_METERS = "management.metrics.observations.ignored-meters";

		// the Migrator is looked up lazily: it is built with this listener, so it cannot be injected
		@Bean
		@ConditionalOnMissingBean
		@MigrationsInstance(MigrationsInstances.DEFAULT)
		MigrationsMetrics migrationsMetrics(MeterRegistry meterRegistry, ObjectProvider<Migrator> migrator,
				ListableBeanFactory beanFactory, Environment environment) {
			return new MigrationsMetrics(meterRegistry, () -> migrator.getObject().status(),
					MigrationsMetrics.DEFAULT_STATUS_REFRESH, !observationTimesActiveRuns(beanFactory, environment),
					Tags.of(MigrationsMetrics.INSTANCE_TAG, MigrationsInstances.DEFAULT));
		}

		/**
		 * The meters of each named instance ({@code migrations.instances.<name>}): the default
		 * instance's, tagged with the instance's name.
		 */
		@Bean
		@ConditionalOnBean(MigrationsMetrics.class)
		MigrationsInstanceListeners migrationsInstanceMetrics(ObjectProvider<MigrationsMetrics> metrics) {
			return (instance, migrator) -> metrics.getObject().forInstance(instance, () -> migrator.get().status());
		}

		/**
		 * Whether the {@code migrations.run} Observation already yields the
		 * {@code migrations.run.active} long-task timer: it does when a meter observation handler
		 * (Boot's, by default with Actuator) sees it and long-task timers are not ignored.
		 */
		private static boolean observationTimesActiveRuns(ListableBeanFactory beanFactory, Environment environment) {
			if (beanFactory.getBeanNamesForType(MigrationsObservations.class, true, false).length == 0
					|| beanFactory.getBeanNamesForType(MeterObservationHandler.class, true, false).length == 0) {
				return false;
			}
			Set<String> ignored = Binder.get(environment)
				.bind(IGNORED_OBSERVATION_METERS, Bindable.setOf(String.class))
				.orElse(Set.of());
			return ignored.stream()
				.map((meter) -> meter.replace("-", "_").toUpperCase(Locale.ROOT))
				.noneMatch(IgnoredMeters.LONG_TASK_TIMER.name()::equals);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@MigrationsInstance(MigrationsInstances.DEFAULT)
		MigrationsObservations migrationsObservations(ObservationRegistry observationRegistry) {
			return new MigrationsObservations(observationRegistry, MigrationsInstances.DEFAULT);
		}

		/**
		 * The observations of each named instance, with the instance's name.
		 */
		@Bean
		@ConditionalOnBean(MigrationsObservations.class)
		MigrationsInstanceListeners migrationsInstanceObservations(ObservationRegistry observationRegistry) {
			return (instance, migrator) -> new MigrationsObservations(observationRegistry, instance);
		}

	}

}
