package io.github.migrations.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Finds the PostgreSQL server tests use, once per JVM: {@code MIGRATIONS_TEST_PG_URL}, else the
 * local server on 127.0.0.1:5432, else a Testcontainers container when Docker is available.
 */
final class PostgresServer {

	private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";

	private static volatile String url;

	private static volatile String user = "postgres";

	private static volatile String password = "";

	private PostgresServer() {
	}

	/**
	 * Server URL ending in {@code /}; append a database name.
	 */
	static synchronized String jdbcUrl() {
		if (url != null) {
			return url;
		}
		String configured = System.getenv("MIGRATIONS_TEST_PG_URL");
		if (configured != null && !configured.isBlank()) {
			user = System.getenv().getOrDefault("MIGRATIONS_TEST_PG_USER", "postgres");
			password = System.getenv().getOrDefault("MIGRATIONS_TEST_PG_PASSWORD", "");
			url = configured.substring(0, configured.lastIndexOf('/') + 1);
			return url;
		}
		SQLException localFailure;
		try (Connection c = DriverManager.getConnection(LOCAL + "postgres", user, password)) {
			url = LOCAL;
			return url;
		}
		catch (SQLException ex) {
			localFailure = ex;
		}
		if (DockerPostgres.dockerAvailable()) {
			String[] started = DockerPostgres.start();
			url = started[0];
			user = started[1];
			password = started[2];
			return url;
		}
		throw new IllegalStateException("""
				These tests need a real PostgreSQL and found none.
				  Tried: %spostgres as user 'postgres' (%s), then Docker for Testcontainers (not available).
				  Do one of: start a local server on 127.0.0.1:5432 with trust auth for user postgres
				  (Debian: apt-get install postgresql; pg_ctlcluster --skip-systemctl-redirect 15 main start,
				  or just run 'bash .ci/run' which does this), start Docker, or set MIGRATIONS_TEST_PG_URL
				  (plus MIGRATIONS_TEST_PG_USER / MIGRATIONS_TEST_PG_PASSWORD) to a server you own."""
			.formatted(LOCAL, localFailure.getMessage()), localFailure);
	}

	static String user() {
		jdbcUrl();
		return user;
	}

	static String password() {
		jdbcUrl();
		return password;
	}

}
