package io.github.migrations.autoconfigure.metrics;

import io.github.migrations.Migrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the Micrometer listeners: {@link MigrationsMetrics} when there is a
 * {@link MeterRegistry} bean, {@link MigrationsObservations} when there is an
 * {@link ObservationRegistry} bean. Both are {@link io.github.migrations.MigrationListener} beans,
 * which the {@link Migrator} built by the auto-configuration reports to; the engine itself knows
 * nothing of Micrometer.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"io.github.migrations.autoconfigure.MigrationsAutoConfiguration" })
@ConditionalOnBean(Migrator.class)
public final class MigrationsMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterConfiguration {

		// the Migrator is looked up lazily: it is built with this listener, so it cannot be injected
		@Bean
		@ConditionalOnMissingBean
		MigrationsMetrics migrationsMetrics(MeterRegistry meterRegistry, ObjectProvider<Migrator> migrator) {
			return new MigrationsMetrics(meterRegistry, () -> migrator.getObject().status(),
					MigrationsMetrics.DEFAULT_STATUS_REFRESH);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MigrationsObservations migrationsObservations(ObservationRegistry observationRegistry) {
			return new MigrationsObservations(observationRegistry);
		}

	}

}
