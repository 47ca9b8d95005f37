package io.github.migrations;

/**
 * What {@link Migrator#migrate()} does with the linter's findings on the pending migrations
 * (PostgreSQL, MariaDB and MySQL; H2 is not linted).
 */
public enum LintMode {

	/** Log each finding as a warning and go on. */
	WARN,

	/**
	 * Stop before anything is changed when a finding is an error or a warning (advice is only
	 * logged), with a {@link MigrationLintException} listing them.
	 */
	FAIL,

	/** Do not lint. */
	OFF

}
