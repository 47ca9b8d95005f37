package io.github.migrations.autoconfigure;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.ValidationProblem;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MigrationException} that stopped the application into Spring Boot's startup
 * report: the description is what failed with its context (file, line, version, SQLState, lock
 * holder), the action is what to do about it. When the failure left the database dirty, the
 * action also says how to repair it from a Spring Boot application (the engine's own words name
 * only {@code Migrator.repair()}).
 */
class MigrationsFailureAnalyzer extends AbstractFailureAnalyzer<MigrationException> {

	/** How a Spring Boot application reaches repair: the endpoint, in an application that starts. */
	static final String REPAIR_IN_BOOT = "From this Spring Boot application: start it with migrations.mode=none "
			+ "(a dirty database stops every other mode) and the migrations endpoint's write access open "
			+ "(management.endpoint.migrations.access=unrestricted, secured), then POST "
			+ "/actuator/migrations/repair ({\"dryRun\":true} first names the rows it clears; on MariaDB or MySQL "
			+ "{\"mode\":\"resume\"} resumes from the failed statement, and {\"mode\":\"mark-applied\"} counts a "
			+ "migration finished by hand as applied), and start again with the usual mode to migrate.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationException cause) {
		String action = cause.getAction().isBlank()
				? "Fix the migration or the database named above, then start the application again."
				: cause.getAction();
		String instance = instance(rootFailure);
		if (leftDirty(cause)) {
			action = action + "\n" + ((instance != null) ? REPAIR_IN_BOOT
				.replace("migrations.mode=none", MigrationsInstances.PREFIX + "." + instance + ".mode=none")
				.replace("/actuator/migrations/repair", "/actuator/migrations/instances/" + instance + "/repair")
					: REPAIR_IN_BOOT);
		}
		String description = (instance != null)
				? "Migrations instance '" + instance + "' (" + MigrationsInstances.PREFIX + "." + instance + "): "
						+ cause.getDescription()
				: cause.getDescription();
		return new FailureAnalysis(description, action, cause);
	}

	// the named instance whose initializer failed, from the bean's name; null for the default one
	private static @Nullable String instance(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof BeanCreationException creation && creation.getBeanName() != null) {
				String bean = creation.getBeanName();
				String suffix = MigrationsInstances.initializerBeanName("");
				if (bean.endsWith(suffix) && bean.length() > suffix.length()) {
					return bean.substring(0, bean.length() - suffix.length());
				}
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return null;
	}

	private static boolean leftDirty(MigrationException cause) {
		if (cause instanceof MigrationExecutionException execution) {
			return execution.isDirty();
		}
		return cause instanceof MigrationValidationException validation && validation.getProblems()
			.stream()
			.anyMatch((problem) -> problem.kind() == ValidationProblem.Kind.DIRTY);
	}

}
