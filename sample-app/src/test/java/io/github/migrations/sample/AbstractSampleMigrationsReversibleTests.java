package io.github.migrations.sample;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigratorConfig;
import io.github.migrations.sample.migration.V20240125090500__MoveAddressesToTheirOwnTable;
import io.github.migrations.test.MigrationLintHook;
import io.github.migrations.test.MigrationOutcome;
import io.github.migrations.test.MigrationReversibilityChecker;
import io.github.migrations.test.MigrationStepHook;
import io.github.migrations.test.ReversibilityReport;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every migration of the sample app, SQL and Java, is reversible: its Down restores the schema
 * from before its Up, and its Up runs again afterwards. The PostgreSQL variants pass the linter
 * (errors and warnings). The address split is also checked for data: the demo users' addresses
 * move to {@code user_addresses} and come back into the old columns when the contract step is
 * reverted. One subclass per database.
 */
abstract class AbstractSampleMigrationsReversibleTests {

	// the same locations as application.properties
	private static final String[] LOCATIONS = { "classpath:db/migration/common", "classpath:db/migration/{vendor}" };

	void assertReversibleWithTheAddressesIntact(DataSource dataSource) {
		assertReversibleWithTheAddressesIntact(dataSource, MigrationLintHook.postgresLinter(), LOCATIONS);
	}

	/**
	 * @param lint the linter for these locations' files
	 * @param locations the locations, as the database's profile names them
	 */
	void assertReversibleWithTheAddressesIntact(DataSource dataSource, MigrationLintHook lint, String... locations) {
		MigratorConfig config = MigratorConfig.builder()
			.locations(locations)
			.javaMigration(new V20240125090500__MoveAddressesToTheirOwnTable(2))
			.lockLease(Duration.ofSeconds(5))
			.build();
		ReversibilityReport report = MigrationReversibilityChecker.builder(dataSource, config)
			.stepHook(new AddressesSurvive())
			.lint(lint)
			.build()
			.assertReversible();
		assertThat(report.outcomes()).hasSize(8)
			.extracting(MigrationOutcome::result)
			.containsOnly(MigrationOutcome.Result.PASSED);
	}

	/**
	 * The seed's data-integrity check on the address split: five of the six demo users have an
	 * address; they must survive both the move and its reversal.
	 */
	private static final class AddressesSurvive implements MigrationStepHook {

		@Override
		public void afterUp(DataSource dataSource, MigrationInfo migration) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			if (migration.name().equals("MoveAddressesToTheirOwnTable")) {
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_addresses WHERE is_default", Integer.class))
					.isEqualTo(5);
				assertThat(jdbc.queryForObject("SELECT a.city FROM user_addresses a JOIN users u ON u.id = a.user_id"
						+ " WHERE u.email = 'ada@example.com'", String.class))
					.isEqualTo("London");
			}
		}

		@Override
		public void afterDown(DataSource dataSource, MigrationInfo migration) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			if (migration.name().equals("MoveAddressesToTheirOwnTable")) {
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_addresses", Integer.class)).isZero();
			}
			if (migration.name().equals("drop_user_address_columns")) {
				assertThat(jdbc.queryForObject("SELECT city FROM users WHERE email = 'ada@example.com'", String.class))
					.isEqualTo("London");
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE address IS NOT NULL", Integer.class))
					.isEqualTo(5);
			}
		}

	}

}
