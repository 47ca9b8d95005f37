package io.github.migrations.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigratedDatabases} on MariaDB, which has no template databases: each database is
 * created and migrated on its own.
 */
class MigratedDatabasesMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase mariadb = new MariaDbDatabase();

	private final AtomicInteger applied = new AtomicInteger();

	@Test
	void eachDatabaseIsMigratedOnItsOwnAndDroppedWhenClosed() throws SQLException {
		MigratedDatabases databases = MigratedDatabases.builder(mariadb.jdbcUrl())
			.username(mariadb.user())
			.password(mariadb.password())
			.prefix(mariadb.name())
			.config(MigratorConfig.builder().locations("classpath:db/mariadb/good").listener(new MigrationListener() {

				@Override
				public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
					MigratedDatabasesMariaDbTests.this.applied.incrementAndGet();
				}

			}).build())
			.build();
		assertThat(databases.usesTemplates()).isFalse();
		String firstName;
		try (MigratedDatabase first = databases.create(); MigratedDatabase second = databases.create()) {
			firstName = first.getName();
			assertThat(first.isFromTemplate()).isFalse();
			assertThat(first.isTemplateBuilt()).isFalse();
			assertThat(first.getJdbcUrl()).endsWith("/" + first.getName());
			assertThat(this.applied).hasValue(6);
			execute(first, "INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
			assertThat(count(first, "SELECT count(*) FROM users")).isOne();
			assertThat(count(second, "SELECT count(*) FROM users")).isZero();
			assertThat(count(second, "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
		}
		try (Connection connection = mariadb.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM information_schema.schemata"
						+ " WHERE schema_name = '" + firstName + "'")) {
			rs.next();
			assertThat(rs.getInt(1)).as("dropped when closed").isZero();
		}
	}

	private static void execute(MigratedDatabase database, String sql) throws SQLException {
		try (Connection connection = database.getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static long count(MigratedDatabase database, String sql) throws SQLException {
		try (Connection connection = database.getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
