package io.github.migrations.test;

import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigratorConfig;

/**
 * Runs a linter over the migrations a {@link MigrationReversibilityChecker} is about to check,
 * once, before the first one is applied. Each finding it returns is reported in the
 * {@link ReversibilityReport} and, unless the checker is told otherwise, fails the check.
 * <p>
 * This is the place to plug in the project's migration linter (package
 * {@code io.github.migrations.lint}); the module does not depend on it, so that it works with
 * whatever linter a project has, for example:
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

}
