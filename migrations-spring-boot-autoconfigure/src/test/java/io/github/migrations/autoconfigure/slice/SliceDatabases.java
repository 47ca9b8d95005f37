package io.github.migrations.autoconfigure.slice;

import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.PostgresDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a slice at a real PostgreSQL or MariaDB database instead of the embedded one it would
 * use.
 */
final class SliceDatabases {

	/** Every slice test runs only the migrations of this location. */
	static final String LOCATIONS = "migrations.locations=classpath:db/slice";

	private SliceDatabases() {
	}

	static void postgres(DynamicPropertyRegistry registry, PostgresDatabase database) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
	}

	static void mariadb(DynamicPropertyRegistry registry, MariaDbDatabase database) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
	}

}
