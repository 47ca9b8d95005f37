package io.github.migrations.test;

import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.migrations.test.MigrationOutcome.Result;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationsTest} resolves a checker bound to the class's {@link TestDataSource}.
 */
@MigrationsTest(locations = "classpath:db/irreversible", stopAtFirstFailure = true)
class MigrationsTestExtensionTests {

	@TestDataSource
	static final Supplier<DataSource> dataSource = () -> {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		return h2;
	};

	@Test
	void resolvesACheckerConfiguredFromTheAnnotation(MigrationReversibilityChecker checker) {
		ReversibilityReport report = checker.assertReversible();
		assertThat(report.outcomes()).extracting(MigrationOutcome::result)
			.containsExactly(Result.PASSED, Result.SKIPPED_IRREVERSIBLE, Result.PASSED);
	}

}
