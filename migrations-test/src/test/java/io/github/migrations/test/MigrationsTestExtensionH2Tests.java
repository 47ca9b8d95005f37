package io.github.migrations.test;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.migrations.test.MigrationOutcome.Result;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationsTest} resolves a checker bound to the class's {@link TestDataSource}, here a new
 * H2 in-memory database.
 */
@MigrationsTest(locations = "classpath:db/irreversible", stopAtFirstFailure = true)
class MigrationsTestExtensionH2Tests {

	@TestDataSource
	static final Supplier<DataSource> dataSource = H2Database::dataSource;

	@Test
	void resolvesACheckerConfiguredFromTheAnnotation(MigrationReversibilityChecker checker) {
		ReversibilityReport report = checker.assertReversible();
		assertThat(report.outcomes()).extracting(MigrationOutcome::result)
			.containsExactly(Result.PASSED, Result.SKIPPED_IRREVERSIBLE, Result.PASSED);
	}

}
