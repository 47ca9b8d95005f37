package io.github.migrations.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link MigrationsTenantsInitializer} beans initialize the database, after
 * the default schema's {@link MigrationsInitializer} (a later order: Boot initializes the beans of
 * one detector after those of the detectors before it), so JPA and the other users of the
 * database start once every tenant ran. Registered in {@code META-INF/spring.factories}.
 */
class MigrationsTenantsInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(MigrationsTenantsInitializer.class);
	}

	@Override
	public int getOrder() {
		return 2;
	}

}
