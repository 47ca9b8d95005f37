package io.github.migrations.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers fallback: a PostgreSQL 15 container shared by the JVM's tests.
 */
final class DockerPostgres {

	private static PostgreSQLContainer container;

	private DockerPostgres() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * @return server URL ending in {@code /}, user, password
	 */
	static synchronized String[] start() {
		if (container == null) {
			container = new PostgreSQLContainer("postgres:15-alpine");
			container.start();
		}
		String jdbc = container.getJdbcUrl();
		String server = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
		return new String[] { server, container.getUsername(), container.getPassword() };
	}

}
