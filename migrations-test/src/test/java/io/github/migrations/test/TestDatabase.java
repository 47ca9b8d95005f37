package io.github.migrations.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.testsupport.PostgresDatabase;
import org.h2.jdbcx.JdbcDataSource;


/**
 * A fresh database for one test: a new schema in the test class's PostgreSQL database, or a new
 * H2 in-memory database.
 */
final class TestDatabase implements AutoCloseable {

	private final String vendor;

	private final DataSource dataSource;

	private final AutoCloseable closer;

	private final String schema;

	private TestDatabase(String vendor, DataSource dataSource, AutoCloseable closer, String schema) {
		this.vendor = vendor;
		this.schema = schema;
		this.dataSource = dataSource;
		this.closer = closer;
	}

	/**
	 * A fresh schema of the test class's PostgreSQL database (set as the connections' current
	 * schema, so unqualified names land there), or a fresh H2 in-memory database.
	 */
	static TestDatabase create(String vendor, PostgresDatabase postgres) throws SQLException {
		String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		if (vendor.equals("postgresql")) {
			execute(postgres.dataSource(), "CREATE SCHEMA " + name);
			// pooled: opening a PostgreSQL session costs more than most steps of a check
			HikariDataSource dataSource = new HikariDataSource();
			// a startup parameter, not setSchema(): the engine resets a connection's session after a
			// migration, and RESET brings back the startup value
			dataSource.setJdbcUrl(postgres.jdbcUrl() + "?currentSchema=" + name);
			dataSource.setUsername(postgres.user());
			dataSource.setPassword(postgres.password());
			dataSource.setMaximumPoolSize(4);
			return new TestDatabase(vendor, dataSource, () -> {
				dataSource.close();
				execute(postgres.dataSource(), "DROP SCHEMA " + name + " CASCADE");
			}, name);
		}
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		h2.setUser("sa");
		return new TestDatabase(vendor, h2, () -> execute(h2, "SHUTDOWN"), "PUBLIC");
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The schema the test's objects are created in.
	 */
	String schema() {
		return this.schema;
	}

	String vendor() {
		return this.vendor;
	}

	/**
	 * A name as this database's catalog spells an unquoted identifier.
	 */
	String name(String name) {
		return this.vendor.equals("h2") ? name.toUpperCase(Locale.ROOT) : name;
	}

	void execute(String... sql) throws SQLException {
		execute(this.dataSource, sql);
	}

	private static void execute(DataSource dataSource, String... sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
	}

	@Override
	public void close() throws Exception {
		this.closer.close();
	}

	@Override
	public String toString() {
		return this.vendor;
	}

}
