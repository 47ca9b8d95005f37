package io.github.migrations.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A freshly created PostgreSQL database for one test class, dropped afterwards. Register as a
 * static field with {@code @RegisterExtension}.
 * <p>
 * The server is, in order: the one named by {@code MIGRATIONS_TEST_PG_URL} (a JDBC URL of its
 * {@code postgres} database), the local server at {@code 127.0.0.1:5432} (user {@code postgres},
 * trust auth), or a Testcontainers PostgreSQL when Docker is available. With none of them the
 * test fails and says what to do; it never skips.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

	private final String name;

	private String serverUrl = "";

	public PostgresDatabase() {
		this.name = "mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		create();
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		drop();
	}

	/**
	 * Creates the database (for use outside JUnit's extension model).
	 */
	public void create() throws SQLException {
		this.serverUrl = PostgresServer.jdbcUrl();
		try (Connection c = DriverManager.getConnection(this.serverUrl + "postgres", PostgresServer.user(),
				PostgresServer.password()); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + this.name);
		}
	}

	/**
	 * Drops the database, ending any session still connected to it.
	 */
	public void drop() throws SQLException {
		if (this.serverUrl.isEmpty()) {
			return;
		}
		try (Connection c = DriverManager.getConnection(this.serverUrl + "postgres", PostgresServer.user(),
				PostgresServer.password()); Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
	}

	public String name() {
		return this.name;
	}

	/**
	 * JDBC URL of this test's database.
	 */
	public String jdbcUrl() {
		return this.serverUrl + this.name;
	}

	public String user() {
		return PostgresServer.user();
	}

	public String password() {
		return PostgresServer.password();
	}

	/**
	 * A non-pooling DataSource: each {@code getConnection()} opens a new session.
	 */
	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl());
		dataSource.setUser(user());
		dataSource.setPassword(password());
		return dataSource;
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), user(), password());
	}

}
