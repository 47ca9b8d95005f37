package io.github.migrations.autoconfigure;

import java.util.List;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.ValidationProblem;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsFailureAnalyzer}.
 */
class MigrationsFailureAnalyzerTests {

	@Test
	void reportsTheSummaryAsDescriptionAndTheFixAsAction() {
		MigrationException failure = new MigrationExecutionException(MigrationVersion.parse("20240115120000"),
				"db/migration/20240115120000_add_user_preferences.sql", 7, "CREATE TABLE user_preferences (...)",
				"42P07", "relation \"user_preferences\" already exists", false, "Fix the statement and start again.",
				null);
		FailureAnalysis analysis = new MigrationsFailureAnalyzer()
			.analyze(new BeanCreationException("migrationsInitializer", "Init failed", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(failure.getDescription())
			.startsWith("Migration 20240115120000 failed")
			.contains("file: db/migration/20240115120000_add_user_preferences.sql", "line: 7", "SQLState: 42P07");
		assertThat(analysis.getAction()).isEqualTo("Fix the statement and start again.");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void aFailureThatLeftTheDatabaseDirtySaysHowToRepairFromTheApplication() {
		MigrationException failure = new MigrationExecutionException(MigrationVersion.parse("3"), "db/3_index.sql", 2,
				"CREATE INDEX CONCURRENTLY i ON t (c)", "57014", "canceling statement", true,
				"Fix the cause, then run repair (Migrator.repair()).", null);
		FailureAnalysis analysis = new MigrationsFailureAnalyzer().analyze(failure);
		assertThat(analysis.getAction()).startsWith("Fix the cause, then run repair (Migrator.repair()).")
			.contains("migrations.mode=none", "management.endpoint.migrations.access=unrestricted",
					"POST /actuator/migrations/repair", "\"dryRun\":true");
	}

	@Test
	void aDirtyDatabaseFoundByValidationSaysHowToRepairFromTheApplication() {
		MigrationException failure = new MigrationValidationException(List.of(new ValidationProblem(
				ValidationProblem.Kind.DIRTY, MigrationVersion.parse("3"), "db/3_index.sql", null, null,
				"Migration 3 (index) failed part-way without a transaction; the database is dirty",
				"Finish or undo its statements by hand, then run repair (Migrator.repair()) and migrate again.")));
		assertThat(new MigrationsFailureAnalyzer().analyze(failure).getAction())
			.contains("POST /actuator/migrations/repair");
	}

	@Test
	void aFailureThatLeftNothingBehindDoesNotMentionRepair() {
		MigrationException failure = new MigrationValidationException(List.of(new ValidationProblem(
				ValidationProblem.Kind.PENDING, MigrationVersion.parse("3"), "db/3_index.sql", null, null,
				"Migration 3 is pending", "Migrate first.")));
		assertThat(new MigrationsFailureAnalyzer().analyze(failure).getAction()).isEqualTo("Migrate first.");
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(new MigrationsFailureAnalyzer().analyze(new IllegalStateException("not ours"))).isNull();
	}

	@Test
	void givesAGenericActionWhenTheExceptionHasNone() {
		FailureAnalysis analysis = new MigrationsFailureAnalyzer()
			.analyze(new MigrationException("Something failed", ""));
		assertThat(analysis.getAction()).isNotBlank();
	}

}
