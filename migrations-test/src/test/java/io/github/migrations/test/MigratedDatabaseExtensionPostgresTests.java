package io.github.migrations.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigratedDatabaseExtension}: one migrated database for the class, shared by its tests and
 * its nested classes, and given to a test method that asks for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigratedDatabaseExtensionPostgresTests {

	/**
	 * Not an extension of this class: a nested class would run its callbacks again. The server
	 * is found and a database made on it when the class is loaded; the copies are made and dropped
	 * through the server's {@code postgres} database.
	 */
	static final PostgresDatabase postgres = created(new PostgresDatabase());

	static final String PREFIX = "mx" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	@RegisterExtension
	static final MigratedDatabaseExtension database = new MigratedDatabaseExtension(
			MigratedDatabaseExtensionPostgresTests::databases);

	@AfterAll
	static void dropTheTemplateAndTheServersDatabase() throws SQLException {
		databases().dropTemplates();
		postgres.drop();
	}

	private static PostgresDatabase created(PostgresDatabase postgres) {
		try {
			postgres.create();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return postgres;
	}

	/**
	 * Built when the class runs: the server's URL is known once {@code postgres} has started.
	 */
	private static MigratedDatabases databases() {
		return MigratedDatabases.builder(MigratedDatabases.withDatabase(postgres.jdbcUrl(), "postgres"))
			.username(postgres.user())
			.prefix(PREFIX)
			.config(MigratorConfig.builder().locations("classpath:db/good").build())
			.build();
	}

	@Test
	@Order(1)
	void theClassHasAMigratedDatabase(MigratedDatabase parameter) throws SQLException {
		assertThat(parameter).isSameAs(database.getDatabase());
		assertThat(parameter.isFromTemplate()).isTrue();
		assertThat(count("SELECT count(*) FROM schema_migrations")).isEqualTo(3);
		try (Connection connection = database.getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
		}
	}

	@Test
	@Order(2)
	void theClassesTestsShareIt() throws SQLException {
		assertThat(count("SELECT count(*) FROM users")).isOne();
	}

	@Nested
	class Inner {

		@Test
		void aNestedClassSharesItsOuterClasssDatabase() throws SQLException {
			assertThat(count("SELECT count(*) FROM users")).isOne();
		}

	}

	private static long count(String sql) throws SQLException {
		try (Connection connection = database.getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
