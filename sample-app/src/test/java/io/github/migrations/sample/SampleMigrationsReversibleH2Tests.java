package io.github.migrations.sample;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

/**
 * Every migration of the sample app is reversible on H2 (its {@code h2} variants).
 */
class SampleMigrationsReversibleH2Tests extends AbstractSampleMigrationsReversibleTests {

	@Test
	void everyMigrationIsReversibleOnH2() {
		// Pooled, so that the session that created a table stays open: H2 2.4.240 fails a
		// CHECK (... IN (...)) in any session once the creating one is closed
		// (h2database/h2database#4302, fixed after 2.4.240), and user_addresses has one.
		try (HikariDataSource h2 = new HikariDataSource()) {
			h2.setJdbcUrl(H2Database.url());
			h2.setUsername("sa");
			h2.setMaximumPoolSize(4);
			assertReversibleWithTheAddressesIntact(h2);
		}
	}

}
