package io.github.migrations.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Fresh databases on the benchmark server, and the pool every tool is given (as a Spring Boot
 * application would give it one: already started, one connection open).
 */
final class Databases {

	private static Server server = Server.POSTGRES;

	private Databases() {
	}

	/**
	 * Chooses the server for this JVM; PostgreSQL unless called.
	 */
	static void use(Server server) {
		Databases.server = server;
	}

	static Server server() {
		return server;
	}

	static String create() throws SQLException {
		String name = "bench_" + Long.toHexString(System.nanoTime());
		try (Connection c = admin(); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		return name;
	}

	static void drop(String name) throws SQLException {
		try (Connection c = admin(); Statement s = c.createStatement()) {
			s.execute(server.dropDatabase(name));
		}
	}

	static Connection admin() throws SQLException {
		return DriverManager.getConnection(server.adminUrl(), server.user(), "");
	}

	/**
	 * A started pool with one connection already made, so no tool pays for the first connection.
	 */
	static HikariDataSource pool(String database) throws SQLException {
		return pool(database, 4);
	}

	/**
	 * The same with room for {@code size} connections (tenants running in parallel hold two each).
	 */
	static HikariDataSource pool(String database, int size) throws SQLException {
		HikariConfig hikari = new HikariConfig();
		hikari.setJdbcUrl(server.url() + database);
		hikari.setUsername(server.user());
		hikari.setMaximumPoolSize(size);
		hikari.setMinimumIdle(1);
		HikariDataSource dataSource = new HikariDataSource(hikari);
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(1);
		}
		return dataSource;
	}

}
