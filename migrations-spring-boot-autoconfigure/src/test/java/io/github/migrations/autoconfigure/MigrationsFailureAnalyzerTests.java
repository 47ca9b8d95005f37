package io.github.migrations.autoconfigure;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationVersion;
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
