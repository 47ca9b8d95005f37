package io.github.migrations.autoconfigure.health;

import io.github.migrations.Tenants;
import io.github.migrations.actuate.health.MigrationsTenantsHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code migrationsTenants} {@link MigrationsTenantsHealthIndicator}
 * when tenants are configured; switched off with the migrations health,
 * {@code management.health.migrations.enabled=false}.
 */
@AutoConfiguration(afterName = "io.github.migrations.autoconfigure.MigrationsTenantsAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(Tenants.class)
public final class MigrationsTenantsHealthContributorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("migrations")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "migrationsTenantsHealthIndicator")
		MigrationsTenantsHealthIndicator migrationsTenantsHealthIndicator(Tenants tenants) {
			return new MigrationsTenantsHealthIndicator(tenants);
		}

	}

}
