package io.github.migrations.test;

import javax.sql.DataSource;

import io.github.migrations.MigrationInfo;

/**
 * Called around each step of a {@link MigrationReversibilityChecker} run, for data checks: insert
 * rows before an Up, check after it that they survived (and were transformed as intended), check
 * after the Down that they are back. Throw (an {@link AssertionError}, for example) to fail the
 * migration; the message is reported with it.
 */
public interface MigrationStepHook {

	/**
	 * Before the migration's Up runs (the first time).
	 * @param dataSource the database under test
	 * @param migration the migration about to be applied
	 */
	default void beforeUp(DataSource dataSource, MigrationInfo migration) throws Exception {
	}

	/**
	 * After the migration's Up ran (the first time).
	 * @param dataSource the database under test
	 * @param migration the migration just applied
	 */
	default void afterUp(DataSource dataSource, MigrationInfo migration) throws Exception {
	}

	/**
	 * After the migration's Down ran (not called for irreversible migrations).
	 * @param dataSource the database under test
	 * @param migration the migration just reverted
	 */
	default void afterDown(DataSource dataSource, MigrationInfo migration) throws Exception {
	}

}
