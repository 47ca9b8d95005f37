package io.github.migrations.autoconfigure.actuate;

import io.github.migrations.Migrator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code migrations} {@link MigrationsHealthIndicator}; switched off
 * with {@code management.health.migrations.enabled=false}.
 */
@AutoConfiguration(afterName = "io.github.migrations.autoconfigure.MigrationsAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(Migrator.class)
@ConditionalOnEnabledHealthIndicator("migrations")
@EnableConfigurationProperties(MigrationsHealthIndicatorProperties.class)
public final class MigrationsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "migrationsHealthIndicator")
	MigrationsHealthIndicator migrationsHealthIndicator(Migrator migrator,
			MigrationsHealthIndicatorProperties properties) {
		return new MigrationsHealthIndicator(migrator, properties.getPendingStatus().toStatus());
	}

}
