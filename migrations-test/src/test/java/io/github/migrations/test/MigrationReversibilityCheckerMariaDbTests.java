package io.github.migrations.test;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MigrationReversibilityChecker} on MariaDB, each test in a database of its own (the
 * catalog read from {@code information_schema}); also a Down that forgets a foreign key, which
 * leaves the index InnoDB made for it.
 */
class MigrationReversibilityCheckerMariaDbTests extends AbstractMigrationReversibilityCheckerTests {

	@RegisterExtension
	static final MariaDbDatabase mariadb = new MariaDbDatabase();

	MigrationReversibilityCheckerMariaDbTests() {
		super(TestDatabase.mariadb(mariadb));
	}

	@Test
	void catchesADownThatForgetsAForeignKeyAndNamesItAndItsIndex() {
		MigrationReversibilityChecker checker = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("forgotten_foreign_key"))
			.build();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(checker::assertReversible)
			.withMessageStartingWith("Migration 2 (add_orders_user_fk): its Down does not restore the schema"
					+ " from before its Up:")
			.withMessageContaining("constraint orders.orders_user_fk: missing before Up, present after Down")
			.withMessageContaining("index orders.orders_user_fk: missing before Up, present after Down");
	}

	@Test
	void passesRoutinesTriggersAndViewsThatTheirDownsDrop() throws Exception {
		ReversibilityReport report = MigrationAssertions.assertReversible(this.db.dataSource(),
				config("programs"));
		assertThat(results(report)).containsOnly(MigrationOutcome.Result.PASSED).hasSize(2);
	}

}
