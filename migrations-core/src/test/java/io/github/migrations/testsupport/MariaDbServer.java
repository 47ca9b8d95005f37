package io.github.migrations.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * Finds the MariaDB or MySQL server tests use, once per JVM. MariaDB: {@code MIGRATIONS_TEST_MARIADB_URL},
 * else the local server on 127.0.0.1:3306 (user {@code root}, no password), else a Testcontainers
 * container when Docker is available, else a failure that says what to do. MySQL 8: Testcontainers
 * only.
 */
final class MariaDbServer {

	static final String LOCAL = "jdbc:mariadb://127.0.0.1:3306/";

	static final String MYSQL_IMAGE = "mysql:8.4";

	private static final String MARIADB_IMAGE = "mariadb:10.11";

	private static volatile String[] mariadb;

	private static volatile String[] mysql;

	private static Boolean docker;

	private MariaDbServer() {
	}

	/**
	 * The MariaDB server: URL ending in {@code /}, user, password.
	 */
	static synchronized String[] mariadb() {
		if (mariadb != null) {
			return mariadb;
		}
		String configured = System.getenv("MIGRATIONS_TEST_MARIADB_URL");
		if (configured != null && !configured.isBlank()) {
			mariadb = new String[] { configured.substring(0, configured.lastIndexOf('/') + 1),
					System.getenv().getOrDefault("MIGRATIONS_TEST_MARIADB_USER", "root"),
					System.getenv().getOrDefault("MIGRATIONS_TEST_MARIADB_PASSWORD", "") };
			return mariadb;
		}
		SQLException localFailure;
		try (Connection c = DriverManager.getConnection(LOCAL, "root", "")) {
			mariadb = new String[] { LOCAL, "root", "" };
			return mariadb;
		}
		catch (SQLException ex) {
			localFailure = ex;
		}
		if (dockerAvailable()) {
			MariaDBContainer container = new MariaDBContainer(MARIADB_IMAGE).withUsername("root");
			container.start();
			mariadb = serverOf(container.getHost(), container.getMappedPort(3306), container.getUsername(),
					container.getPassword());
			return mariadb;
		}
		throw new IllegalStateException("""
				These tests need a real MariaDB and found none.
				  Tried: %s as user 'root' without a password (%s), then Docker for Testcontainers (not available).
				  Do one of: start the local server (Debian: apt-get install mariadb-server; then
				  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd, or just run
				  'bash .ci/run' which does this), start Docker, or set MIGRATIONS_TEST_MARIADB_URL (plus
				  MIGRATIONS_TEST_MARIADB_USER / MIGRATIONS_TEST_MARIADB_PASSWORD) to a server you own."""
			.formatted(LOCAL, localFailure.getMessage()), localFailure);
	}

	/**
	 * The MySQL 8 server, from Testcontainers: URL ending in {@code /}, user, password; or
	 * {@code null} when Docker is not available (said once, at the end of the run, by
	 * {@link MySqlNotRunReport}).
	 */
	static synchronized String[] mysql() {
		if (mysql != null) {
			return mysql;
		}
		if (!dockerAvailable()) {
			return null;
		}
		MySQLContainer container = new MySQLContainer(MYSQL_IMAGE).withUsername("root");
		container.start();
		mysql = serverOf(container.getHost(), container.getMappedPort(3306), container.getUsername(),
				container.getPassword());
		return mysql;
	}

	private static String[] serverOf(String host, int port, String user, String password) {
		// MySQL 8's caching_sha2_password without TLS needs the server's public key
		return new String[] { "jdbc:mariadb://" + host + ":" + port + "/", user, password };
	}

	// asked once per JVM: without Docker, every MySQL test class asks
	static synchronized boolean dockerAvailable() {
		if (docker == null) {
			try {
				docker = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (Throwable ex) {
				docker = false;
			}
		}
		return docker;
	}

}
