package io.github.migrations.autoconfigure.health;

import io.github.migrations.Migrator;
import io.github.migrations.actuate.health.MigrationsHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
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

		@Bean
		@ConditionalOnMissingBean(name = "migrationsHealthIndicator")
		MigrationsHealthIndicator migrationsHealthIndicator(Migrator migrator,
				MigrationsHealthIndicatorProperties properties) {
			return new MigrationsHealthIndicator(migrator, properties.getPendingStatus().toStatus());
		}

	}

}
