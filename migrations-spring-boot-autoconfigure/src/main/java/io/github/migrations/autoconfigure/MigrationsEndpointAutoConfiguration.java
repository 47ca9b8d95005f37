package io.github.migrations.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.migrations.Migrator;
import io.github.migrations.Tenants;
import io.github.migrations.actuate.endpoint.LastMigrationRun;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import io.github.migrations.actuate.endpoint.MigrationsEndpointWebExtension;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link MigrationsEndpoint}: only when Actuator is present, the
 * endpoint is available (access granted and exposed over HTTP or JMX) and there is a
 * {@link Migrator}. Its web extension answers refused write operations with a reason and a fix;
 * a WARN at startup says when those operations are open over HTTP without Spring Security.
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class MigrationsEndpointAutoConfiguration {

	// nested, so that the availability condition (a class of Actuator) is only loaded once the
	// class condition above has found Actuator
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(MigrationsEndpoint.class)
	@ConditionalOnSingleCandidate(Migrator.class)
	static class EndpointConfiguration {

		/**
		 * Remembers this instance's last run; a {@link io.github.migrations.MigrationListener}
		 * bean, so the {@link Migrator} built by the auto-configuration reports to it.
		 */
		@Bean
		@ConditionalOnMissingBean
		@MigrationsInstance(MigrationsInstances.DEFAULT)
		LastMigrationRun migrationsLastRun() {
			return new LastMigrationRun();
		}

		@Bean
		@ConditionalOnMissingBean
		MigrationsEndpoint migrationsEndpoint(Migrator migrator, ObjectProvider<LastMigrationRun> lastMigrationRun,
				ObjectProvider<MigrationsInstances> instances, ObjectProvider<Tenants> tenants) {
			return new MigrationsEndpoint(migrator, lastMigrationRun.getIfAvailable(), () -> {
				MigrationsInstances named = instances.getIfAvailable();
				Map<String, MigrationsEndpoint.Instance> byName = new LinkedHashMap<>();
				if (named != null) {
					named.migrators()
						.forEach((name, instance) -> byName.put(name,
								new MigrationsEndpoint.Instance(instance, named.lastRun(name))));
				}
				return byName;
			}, tenants.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MigrationsEndpoint.class)
		MigrationsEndpointWebExtension migrationsEndpointWebExtension(MigrationsEndpoint migrationsEndpoint) {
			return new MigrationsEndpointWebExtension(migrationsEndpoint);
		}

		@Bean
		MigrationsEndpointAccessWarning migrationsEndpointAccessWarning(ListableBeanFactory beanFactory,
				ObjectProvider<WebEndpointsSupplier> webEndpoints,
				ObjectProvider<WebEndpointProperties> webEndpointProperties) {
			return new MigrationsEndpointAccessWarning(beanFactory, webEndpoints, webEndpointProperties);
		}

	}

}
