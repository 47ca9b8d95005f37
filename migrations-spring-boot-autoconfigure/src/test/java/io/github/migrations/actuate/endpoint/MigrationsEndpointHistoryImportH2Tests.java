package io.github.migrations.actuate.endpoint;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.ImportDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.LastRunDescriptor;
import io.github.migrations.actuate.metrics.MigrationsMetrics;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first run over another tool's history shows the import in the endpoint's last run and
 * counts it in a meter; later runs do not.
 */
class MigrationsEndpointHistoryImportH2Tests {

	private final DataSource dataSource = H2Database.dataSource();

	@Test
	void theImportIsTheLastRunsAndIsCountedOnce() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		// sql-migrate applied the first migration
		jdbc.execute("CREATE TABLE gorp_migrations (id VARCHAR(255) NOT NULL PRIMARY KEY, "
				+ "applied_at TIMESTAMP WITH TIME ZONE)");
		jdbc.update("INSERT INTO gorp_migrations VALUES ('1_create_customer.sql', TIMESTAMP WITH TIME ZONE "
				+ "'2024-01-01 12:00:00+00')");
		jdbc.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY)");
		LastMigrationRun lastRun = new LastMigrationRun();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Migrator migrator = TestMigrators.migrator(this.dataSource, "base", lastRun,
				new MigrationsMetrics(registry, () -> null, Duration.ofMinutes(1)));
		migrator.migrate();

		LastRunDescriptor run = new MigrationsEndpoint(migrator, lastRun).migrations().lastRun();
		assertThat(run.applied()).isEqualTo(2);
		assertThat(run.imported()).isEqualTo(new ImportDescriptor("sql-migrate", "\"PUBLIC\".\"GORP_MIGRATIONS\"", 1, 0));
		assertThat(registry.get("migrations.history.imported").tag("source", "sql-migrate").counter().count())
			.isEqualTo(1);

		migrator.migrate();
		assertThat(new MigrationsEndpoint(migrator, lastRun).migrations().lastRun().imported()).isNull();
		assertThat(registry.get("migrations.history.imported").counter().count()).isEqualTo(1);
	}

}
