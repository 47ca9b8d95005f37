package io.github.migrations.test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.discovery.MigrationScanner;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.lint.Severity;

/**
 * Runs a linter over the migrations a {@link MigrationReversibilityChecker} is about to check,
 * once, before the first one is applied. Each finding it returns is reported in the
 * {@link ReversibilityReport} and, unless the checker is told otherwise, fails the check.
 * {@link #postgresLinter()} is the project's own linter; any other can be plugged in:
 * <pre>
 * .lint((config, dataSource, migrations) -&gt; myLinter.lint(config).stream().map(Object::toString).toList())
 * </pre>
 */
@FunctionalInterface
public interface MigrationLintHook {

	/**
	 * @param config the configuration the migrations are read with
	 * @param dataSource the database under test (for its vendor)
	 * @param migrations the pending migrations, in order
	 * @return one line per finding, empty when there is nothing to say
	 */
	List<String> lint(MigratorConfig config, DataSource dataSource, List<MigrationInfo> migrations) throws Exception;


	/**
	 * The project's PostgreSQL linter ({@link MigrationLinter#postgres()}) over the PostgreSQL
	 * variants of the pending migrations (their {@code {vendor}} locations resolved to
	 * {@code postgresql}, whichever database the check runs on), reporting errors and warnings but
	 * not advice.
	 */
	static MigrationLintHook postgresLinter() {
		return postgresLinter(MigrationLinter.postgres(), Severity.WARNING);
	}

	/**
	 * A linter over the PostgreSQL variants of the pending migrations, reporting findings of at
	 * least the given severity ({@link Severity#ERROR} is the most severe).
	 */
	static MigrationLintHook postgresLinter(MigrationLinter linter, Severity minimum) {
		return (config, dataSource, migrations) -> {
			Set<MigrationVersion> pending = migrations.stream()
				.map(MigrationInfo::version)
				.collect(Collectors.toSet());
			List<ResolvedMigration> scripts = new MigrationScanner(config.getResourceLoader(), config.getEncoding())
				.scan(config.getLocations(), new PostgresDialect(), List.of())
				.stream()
				.filter((m) -> pending.contains(m.version()))
				.toList();
			return linter.lint(scripts)
				.stream()
				.filter((v) -> v.severity().compareTo(minimum) <= 0)
				.map(LintViolation::describe)
				.toList();
		};
	}

}
