package io.github.migrations.test;

/**
 * {@link MigrationReversibilityChecker} on H2, each test in a new in-memory database.
 */
class MigrationReversibilityCheckerH2Tests extends AbstractMigrationReversibilityCheckerTests {

	MigrationReversibilityCheckerH2Tests() {
		super(TestDatabase.h2());
	}

}
