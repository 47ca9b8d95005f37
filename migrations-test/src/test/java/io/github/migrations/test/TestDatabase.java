package io.github.migrations.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.h2.H2Dialect;
import io.github.migrations.dialect.mariadb.MariaDbDialect;
import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database for each test, on core's fixtures: a new {@link TestSchema} in the class's
 * {@link PostgresDatabase}, a new database beside the class's {@link MariaDbDatabase}, or a new
 * {@link H2Database}. Register with {@code @RegisterExtension}.
 */
final class TestDatabase implements BeforeEachCallback, AfterEachCallback {

	private final Dialect dialect;

	private final Opener opener;

	private Opened current;

	private TestDatabase(Dialect dialect, Opener opener) {
		this.dialect = dialect;
		this.opener = opener;
	}

	/**
	 * A schema of its own for each test, set as the connections' current schema so that
	 * unqualified names land there.
	 * @param postgres the class's database, registered as an extension of its own
	 */
	static TestDatabase postgres(PostgresDatabase postgres) {
		return new TestDatabase(new PostgresDialect(), (context) -> {
			TestSchema schema = new TestSchema(postgres, "t_");
			schema.beforeEach(context);
			// pooled: opening a PostgreSQL session costs more than most steps of a check
			HikariDataSource dataSource = new HikariDataSource();
			// a startup parameter, not setSchema(): the engine resets a connection's session after
			// a migration, and RESET brings back the startup value
			dataSource.setJdbcUrl(postgres.jdbcUrl() + "?currentSchema=" + schema.name());
			dataSource.setUsername(postgres.user());
			dataSource.setPassword(postgres.password());
			dataSource.setMaximumPoolSize(4);
			return new Opened(dataSource, dataSource::close, schema.name());
		});
	}

	/**
	 * A database of its own for each test on the class's server (on MariaDB a schema is a
	 * database), named in the connections' URL and dropped after the test.
	 * @param mariadb the class's database, registered as an extension of its own
	 */
	static TestDatabase mariadb(MariaDbDatabase mariadb) {
		Dialect dialect;
		try (Connection connection = mariadb.connect()) {
			dialect = MariaDbDialect.detect(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return new TestDatabase(dialect, (context) -> {
			String database = mariadb.schema("t" + System.nanoTime());
			execute(mariadb.dataSource(), "CREATE DATABASE " + database);
			return new Opened(mariadb.dataSource(database),
					() -> execute(mariadb.dataSource(), "DROP DATABASE " + database), database);
		});
	}

	/**
	 * A new H2 in-memory database for each test, shut down after it.
	 */
	static TestDatabase h2() {
		return new TestDatabase(new H2Dialect(), (context) -> {
			DataSource h2 = H2Database.dataSource();
			return new Opened(h2, () -> execute(h2, "SHUTDOWN"), "PUBLIC");
		});
	}

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.current = this.opener.open(context);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		this.current.closer().close();
	}

	DataSource dataSource() {
		return this.current.dataSource();
	}

	/**
	 * The schema the test's objects are created in.
	 */
	String schema() {
		return this.current.schema();
	}

	/**
	 * A name as this database's catalog spells an unquoted identifier.
	 */
	String name(String name) {
		return this.dialect.lexicalRules().fold(name);
	}

	/**
	 * An index's name in a snapshot: indexes are named within their table on MariaDB and MySQL
	 * ({@code users.users_email_idx}), within the schema elsewhere.
	 */
	String index(String table, String index) {
		return (this.dialect instanceof MariaDbDialect) ? name(table) + "." + name(index) : name(index);
	}

	/**
	 * The location of a set of test migrations: {@code db/<vendor>/<set>} where this database
	 * needs its own spelling of them, else {@code db/<set>}.
	 */
	String location(String set) {
		String vendor = "db/" + this.dialect.vendor() + "/" + set;
		return "classpath:" + ((getClass().getClassLoader().getResource(vendor) != null) ? vendor : "db/" + set);
	}

	void execute(String... sql) throws SQLException {
		execute(dataSource(), sql);
	}

	private static void execute(DataSource dataSource, String... sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
	}

	@Override
	public String toString() {
		return this.dialect.vendor();
	}

	@FunctionalInterface
	private interface Opener {

		Opened open(ExtensionContext context) throws Exception;

	}

	private record Opened(DataSource dataSource, AutoCloseable closer, String schema) {
	}

}
