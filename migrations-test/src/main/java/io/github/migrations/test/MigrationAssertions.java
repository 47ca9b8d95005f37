package io.github.migrations.test;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;

/**
 * Assertions over migrations, for any test framework. For options (hooks, lint, ignored
 * differences) use {@link MigrationReversibilityChecker#builder} directly.
 */
public final class MigrationAssertions {

	private MigrationAssertions() {
	}

	/**
	 * Asserts that every pending migration of this configuration is reversible on this database:
	 * its Down restores the schema from before its Up, and its Up then runs again. Irreversible
	 * migrations are skipped.
	 * @return the report
	 * @throws AssertionError naming each failing migration and what differs
	 */
	public static ReversibilityReport assertReversible(DataSource dataSource, MigratorConfig config) {
		return MigrationReversibilityChecker.builder(dataSource, config).build().assertReversible();
	}

	/**
	 * {@link #assertReversible(DataSource, MigratorConfig)} with a migrator's database and
	 * configuration: in a Spring Boot test, the starter's {@code Migrator} bean (run with
	 * {@code migrations.mode=none}, so that its migrations are still pending).
	 */
	public static ReversibilityReport assertReversible(Migrator migrator) {
		return assertReversible(migrator.getDataSource(), migrator.getConfig());
	}

	/**
	 * {@link #assertReversible(DataSource, MigratorConfig)} with the migrations of these locations
	 * ({@code classpath:db/migration}, {@code classpath:db/migration/{vendor}}) and otherwise the
	 * default configuration.
	 */
	public static ReversibilityReport assertReversible(DataSource dataSource, String... locations) {
		return assertReversible(dataSource, MigratorConfig.builder().locations(locations).build());
	}

}
