package io.github.migrations.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.migrations.Migrator;
import io.github.migrations.actuate.health.MigrationsHealthIndicator;
import io.github.migrations.autoconfigure.MigrationsInstances;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code migrations} {@link MigrationsHealthIndicator}; switched off
 * with {@code management.health.migrations.enabled=false}.
 */
@AutoConfiguration(afterName = "io.github.migrations.autoconfigure.MigrationsAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(Migrator.class)
public final class MigrationsHealthContributorAutoConfiguration {

	// nested, so that the enablement condition (a class of spring-boot-health) is only loaded once
	// the class condition above has found it
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("migrations")
	@EnableConfigurationProperties(MigrationsHealthIndicatorProperties.class)
	static class HealthIndicatorConfiguration {

		/**
		 * The {@code migrations} contributor: the default instance's indicator or, when
		 * {@code migrations.instances} names more, a composite of one indicator per instance
		 * ({@code default} and each name), so that a failed instance is named in the health's
		 * components.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "migrationsHealthIndicator")
		HealthContributor migrationsHealthIndicator(Migrator migrator, MigrationsHealthIndicatorProperties properties,
				ObjectProvider<MigrationsInstances> instances) {
			Status pending = properties.getPendingStatus().toStatus();
			MigrationsHealthIndicator defaultIndicator = new MigrationsHealthIndicator(migrator, pending);
			MigrationsInstances named = instances.getIfAvailable();
			if (named == null || named.names().isEmpty()) {
				return defaultIndicator;
			}
			Map<String, HealthContributor> indicators = new LinkedHashMap<>();
			indicators.put(MigrationsInstances.DEFAULT, defaultIndicator);
			named.migrators().forEach((name, instance) -> indicators.put(name, new MigrationsHealthIndicator(instance, pending)));
			return CompositeHealthContributor.fromMap(indicators);
		}

	}

}
