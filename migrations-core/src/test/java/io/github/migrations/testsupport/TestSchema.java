package io.github.migrations.testsupport;

import java.util.List;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh schema per test inside a class's {@link PostgresDatabase}, so that the tests of one
 * class stay independent without a database each. Register as an instance field with
 * {@code @RegisterExtension}.
 */
public final class TestSchema implements BeforeEachCallback {

	private final PostgresDatabase database;

	private final String prefix;

	private String name = "";

	private JdbcTemplate jdbc = new JdbcTemplate();

	public TestSchema(PostgresDatabase database, String prefix) {
		this.database = database;
		this.prefix = prefix;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.name = this.prefix + System.nanoTime();
		this.jdbc.execute("CREATE SCHEMA " + this.name);
	}

	/**
	 * The schema's name.
	 */
	public String name() {
		return this.name;
	}

	/**
	 * A template on the class's database (not bound to the schema: qualify names).
	 */
	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * Connections whose current schema is this one, so that a migration's unqualified names land
	 * in it (as they do for an application whose URL names its schema).
	 */
	public DataSource dataSource() {
		String url = this.database.jdbcUrl();
		return new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + this.name,
				this.database.user(), this.database.password());
	}

	/**
	 * Whether {@code table} exists in this schema.
	 */
	public boolean tableExists(String table) {
		return Boolean.TRUE.equals(
				this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, this.name + "." + table));
	}

	/**
	 * The versions recorded in this schema's history table, in the order they were applied.
	 */
	public List<String> historyVersions() {
		return this.jdbc.queryForList("SELECT version FROM " + this.name + ".schema_migrations ORDER BY id",
				String.class);
	}

}
