package io.github.migrations.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three databases of three vendors in one application: the default instance on PostgreSQL (the
 * application's DataSource), {@code orders} on MariaDB and {@code audit} on H2, each with its own
 * migrations, history and lock.
 */
class MigrationsInstancesPostgresMariaDbTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@RegisterExtension
	static final MariaDbDatabase mariadb = new MariaDbDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(),
				"spring.datasource.username=" + postgres.user(), "spring.datasource.password=" + postgres.password(),
				"migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
				"migrations.locations=classpath:migrations/base",
				"migrations.instances.orders.url=" + mariadb.jdbcUrl(),
				"migrations.instances.orders.user=" + mariadb.user(),
				"migrations.instances.orders.password=" + mariadb.password(),
				"migrations.instances.orders.locations=classpath:db/other",
				"migrations.instances.audit.url=" + H2Database.url(), "migrations.instances.audit.user=sa",
				"migrations.instances.audit.locations=classpath:migrations/audit");

	@Test
	void eachInstanceMigratesItsOwnDatabaseAndIsRevertedAlone() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			Migrator application = context.getBean(Migrator.class);
			Migrator orders = context.getBean("ordersMigrator", Migrator.class);
			Migrator audit = context.getBean("auditMigrator", Migrator.class);
			assertThat(application.status().database()).startsWith("PostgreSQL");
			assertThat(orders.status().database()).containsAnyOf("MariaDB", "MySQL");
			assertThat(audit.status().database()).startsWith("H2");
			assertThat(versions(application.getDataSource())).containsExactly("1", "2", "3");
			assertThat(versions(orders.getDataSource())).containsExactly("1");
			assertThat(versions(audit.getDataSource())).containsExactly("1", "2");
			assertThat(new JdbcTemplate(orders.getDataSource())
				.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
						+ "AND table_name = 'other_thing'", Integer.class)).isEqualTo(1);

			audit.rollback(RollbackRequest.steps(1, "test"));
			assertThat(audit.status().counts()).containsEntry(MigrationState.PENDING, 1L);
			assertThat(application.status().pending()).isEmpty();
			assertThat(orders.status().pending()).isEmpty();
		});
	}

	@Test
	void aSecondStartFindsEveryInstanceUpToDate() {
		this.contextRunner.run((first) -> assertThat(first).hasNotFailed());
		this.contextRunner.run((second) -> {
			assertThat(second).hasNotFailed();
			assertThat(versions(second.getBean("ordersMigrator", Migrator.class).getDataSource())).containsExactly("1");
			assertThat(versions(second.getBean(Migrator.class).getDataSource())).containsExactly("1", "2", "3");
		});
	}

	private static List<String> versions(DataSource dataSource) {
		return new JdbcTemplate(dataSource)
			.queryForList("SELECT version FROM schema_migrations WHERE version IS NOT NULL ORDER BY id", String.class);
	}

}
