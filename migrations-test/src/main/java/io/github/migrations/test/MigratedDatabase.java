package io.github.migrations.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database of its own, already migrated, made by {@link MigratedDatabases#create()}: a copy of
 * a template database on PostgreSQL, a database migrated on its own elsewhere. Closing it drops it.
 */
public final class MigratedDatabase implements AutoCloseable {

	private final MigratedDatabases server;

	private final String name;

	private final String jdbcUrl;

	private final String template;

	private final boolean builtTemplate;

	MigratedDatabase(MigratedDatabases server, String name, String jdbcUrl, String template, boolean builtTemplate) {
		this.server = server;
		this.name = name;
		this.jdbcUrl = jdbcUrl;
		this.template = template;
		this.builtTemplate = builtTemplate;
	}

	/**
	 * The database's name on its server.
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The JDBC URL of this database: the server's URL with this database's name in it.
	 */
	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * The user the database was made with.
	 */
	public String getUsername() {
		return this.server.username();
	}

	/**
	 * The password the database was made with.
	 */
	public String getPassword() {
		return this.server.password();
	}

	/**
	 * A data source that opens a new connection for each {@code getConnection()} (wrap it in a
	 * pool, or give {@link #getJdbcUrl()} to one, when a test opens many).
	 */
	public DataSource getDataSource() {
		return new DriverManagerDataSource(this.jdbcUrl, getUsername(), getPassword());
	}

	/**
	 * Whether this database is a copy of a template database (PostgreSQL with templates on).
	 */
	public boolean isFromTemplate() {
		return !this.template.isEmpty();
	}

	/**
	 * The name of the template this database is a copy of, empty when it was migrated on its own.
	 */
	public String getTemplate() {
		return this.template;
	}

	/**
	 * Whether making this database migrated the template too (the first copy of a set of
	 * migrations on its server); {@code false} for later copies and without templates.
	 */
	public boolean isTemplateBuilt() {
		return this.builtTemplate;
	}

	/**
	 * Drops the database, ending the sessions still connected to it (PostgreSQL 13 and later).
	 */
	@Override
	public void close() {
		this.server.drop(this.name);
	}

	@Override
	public String toString() {
		return this.name + (isFromTemplate() ? " (copy of " + this.template + ")" : "");
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
