package io.github.migrations.autoconfigure;

import io.github.migrations.MigrationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MigrationException} that stopped the application into Spring Boot's startup
 * report: the description is what failed with its context (file, line, version, SQLState, lock
 * holder), the action is what to do about it.
 */
class MigrationsFailureAnalyzer extends AbstractFailureAnalyzer<MigrationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationException cause) {
		String action = cause.getAction().isBlank()
				? "Fix the migration or the database named above, then start the application again."
				: cause.getAction();
		return new FailureAnalysis(cause.getDescription(), action, cause);
	}

}
