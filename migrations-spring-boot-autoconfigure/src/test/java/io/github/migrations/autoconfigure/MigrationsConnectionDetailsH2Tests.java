package io.github.migrations.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationsConnectionDetails}: Boot's {@link JdbcConnectionDetails} (what a Testcontainers
 * {@code @ServiceConnection} or Docker Compose contributes) decide where the migrations connect,
 * as they decide where the application connects.
 */
class MigrationsConnectionDetailsH2Tests {

	private final String url = H2Database.url();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class))
		.withPropertyValues("migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
				// what the connection details say wins over the properties, as for the application
				"spring.datasource.url=jdbc:h2:mem:not-this-one");

	@Test
	void jdbcConnectionDetailsBeanIsTheDatabaseMigrated() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> serviceConnection(this.url)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MigrationsConnectionDetails.class);
			assertThat(tables(context.getBean(DataSource.class))).contains("SCHEMA_MIGRATIONS", "GREETING");
			assertThat(context.getBean(Migrator.class).getDataSource()).isSameAs(context.getBean(DataSource.class));
		});
	}

	@Test
	void migrationsUserLogsInToTheDatabaseOfTheJdbcConnectionDetails() {
		new JdbcTemplate(h2(this.url)).execute("CREATE USER IF NOT EXISTS OWNER PASSWORD 'secret' ADMIN");
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> serviceConnection(this.url))
			.withPropertyValues("migrations.user=owner", "migrations.password=secret")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MigrationsConnectionDetails.class))
					.isInstanceOf(JdbcMigrationsConnectionDetails.class);
				DataSource migrations = context.getBean(Migrator.class).getDataSource();
				assertThat(migrations).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(((SimpleDriverDataSource) migrations).getUrl()).isEqualTo(this.url);
				assertThat(((SimpleDriverDataSource) migrations).getUsername()).isEqualTo("owner");
				assertThat(new JdbcTemplate(migrations).queryForList(
						"SELECT installed_by FROM schema_migrations", String.class)).containsOnly("OWNER");
			});
	}

	@Test
	void migrationsUrlWinsOverTheJdbcConnectionDetails() {
		String url = H2Database.url();
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> serviceConnection(this.url))
			.withPropertyValues("migrations.url=" + url, "migrations.user=sa")
			.run((context) -> {
				assertThat(context.getBean(MigrationsConnectionDetails.class))
					.isInstanceOf(PropertiesMigrationsConnectionDetails.class);
				assertThat(((SimpleDriverDataSource) context.getBean(Migrator.class).getDataSource()).getUrl())
					.isEqualTo(url);
			});
	}

	@Test
	void anApplicationsMigrationsConnectionDetailsBeanIsWhereTheMigrationsRun() {
		String url = H2Database.url();
		this.contextRunner.withBean(MigrationsConnectionDetails.class, () -> new MigrationsConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return "sa";
			}

			@Override
			public String getPassword() {
				return "";
			}

		}).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tables(h2(url))).contains("GREETING");
			assertThat(tables(context.getBean(DataSource.class))).doesNotContain("GREETING");
		});
	}

	private static List<String> tables(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'", String.class);
	}

	private static DataSource h2(String url) {
		return new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
	}

	/**
	 * What {@code @ServiceConnection} on a database container contributes.
	 */
	private static JdbcConnectionDetails serviceConnection(String url) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "sa";
			}

			@Override
			public String getPassword() {
				return "";
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

}
