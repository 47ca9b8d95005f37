package io.github.migrations.sample;

import java.util.List;

import io.github.migrations.test.MigrationLintHook;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every migration of the sample app is reversible on MariaDB (the {@code mariadb} profile's
 * scripts and the Java migration), in a database created for this class, its catalog compared
 * through {@code information_schema}.
 */
class SampleMigrationsReversibleMariaDbTests extends AbstractSampleMigrationsReversibleTests {

	@RegisterExtension
	static final MariaDbDatabase mariadb = new MariaDbDatabase();

	// PostgreSQL's rules do not apply to these files; MariaDB's own run when the engine migrates
	private static final MigrationLintHook NO_POSTGRES_RULES = (config, dataSource, migrations) -> List.of();

	@Test
	void everyMigrationIsReversibleOnMariaDb() {
		assertReversibleWithTheAddressesIntact(mariadb.dataSource(), NO_POSTGRES_RULES,
				"classpath:db/migration/mariadb");
	}

}
