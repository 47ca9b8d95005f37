package io.github.migrations.sample;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every migration of the sample app is reversible on PostgreSQL (its {@code postgresql} variants),
 * in a database created for this class.
 */
class SampleMigrationsReversiblePostgresTests extends AbstractSampleMigrationsReversibleTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@Test
	void everyMigrationIsReversibleOnPostgres() {
		// the engine resets a session after each migration, so a pool is safe to use here
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl(postgres.jdbcUrl());
			dataSource.setUsername(postgres.user());
			dataSource.setPassword(postgres.password());
			dataSource.setMaximumPoolSize(4);
			assertReversibleWithTheAddressesIntact(dataSource);
		}
	}

}
