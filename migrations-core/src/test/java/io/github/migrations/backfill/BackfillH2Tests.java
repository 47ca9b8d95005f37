package io.github.migrations.backfill;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@link AbstractBackfillTests} on H2 (the embedded default), a fresh database per test.
 */
class BackfillH2Tests extends AbstractBackfillTests {

	private DataSource dataSource;

	@BeforeEach
	void freshDatabase() {
		this.dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	@Override
	DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	MigratorConfig.Builder config() {
		return MigratorConfig.builder().locations("classpath:backfill-no-sql").lockLease(Duration.ofSeconds(3))
			// the tables to backfill are the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true).baselineVersion(MigrationVersion.parse("0"));
	}

	@Override
	String table(String name) {
		return name;
	}

	@Override
	String progressTable() {
		return "schema_migrations_backfill";
	}

	@Override
	String historyTable() {
		return "schema_migrations";
	}

	@Override
	String lockTable() {
		return "migration_lock";
	}

}
