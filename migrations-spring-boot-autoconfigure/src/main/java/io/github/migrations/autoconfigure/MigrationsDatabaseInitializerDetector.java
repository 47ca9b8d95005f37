package io.github.migrations.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link MigrationsInitializer} beans initialize the database, so that the
 * JPA {@code EntityManagerFactory}, {@code JdbcTemplate} users and beans annotated
 * {@code @DependsOnDatabaseInitialization} are created only after the migrations ran. Registered
 * in {@code META-INF/spring.factories}.
 */
class MigrationsDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(MigrationsInitializer.class);
	}

	/**
	 * After Boot's own script initializer ({@code spring.sql.init}), like Flyway and Liquibase.
	 */
	@Override
	public int getOrder() {
		return 1;
	}

}
