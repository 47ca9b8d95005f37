package io.github.migrations.autoconfigure;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL that the application reaches only through connection details is the one migrated:
 * with Docker, a Testcontainers container declared {@link ServiceConnection @ServiceConnection};
 * without Docker, the {@link JdbcConnectionDetails} such a container would give, on the test
 * server (which fails, saying what to do, when there is none).
 */
class MigrationsServiceConnectionPostgresTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class,
				DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class))
		.withPropertyValues("migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
				"spring.datasource.url=jdbc:postgresql://127.0.0.1:1/not-this-one");

	@Test
	void databaseOfTheServiceConnectionIsMigrated() throws Exception {
		if (dockerAvailable()) {
			this.contextRunner.withUserConfiguration(PostgresContainer.class).run((context) -> {
				assertThat(context).hasNotFailed();
				assertMigrated(context.getBean(DataSource.class), context.getBean(Migrator.class));
			});
			return;
		}
		System.out.println("No Docker: the connection details a @ServiceConnection container gives stand in, "
				+ "on the test PostgreSQL server");
		PostgresDatabase database = new PostgresDatabase();
		database.create();
		try {
			this.contextRunner.withBean(JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return database.user();
				}

				@Override
				public String getPassword() {
					return database.password();
				}

				@Override
				public String getJdbcUrl() {
					return database.jdbcUrl();
				}

			}).run((context) -> {
				assertThat(context).hasNotFailed();
				assertMigrated(context.getBean(DataSource.class), context.getBean(Migrator.class));
			});
		}
		finally {
			database.drop();
		}
	}

	private static void assertMigrated(DataSource dataSource, Migrator migrator) {
		assertThat(migrator.status().pending()).isEmpty();
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT message FROM greeting WHERE id = 1",
				String.class)).isEqualTo("hello from a migration");
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class PostgresContainer {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgres() {
			return new PostgreSQLContainer("postgres:15-alpine");
		}

	}

}
