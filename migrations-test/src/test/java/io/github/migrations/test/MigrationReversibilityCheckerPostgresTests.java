package io.github.migrations.test;

import io.github.migrations.test.MigrationOutcome.Result;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationReversibilityChecker} on PostgreSQL, each test in a schema of its own; also
 * what only PostgreSQL has: a constraint added {@code NOT VALID} and validated later.
 */
class MigrationReversibilityCheckerPostgresTests extends AbstractMigrationReversibilityCheckerTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	MigrationReversibilityCheckerPostgresTests() {
		super(TestDatabase.postgres(postgres));
	}

	@Test
	void toleratesAConstraintLeftValidatedByADown() throws Exception {
		ReversibilityReport report = MigrationAssertions.assertReversible(this.db.dataSource(),
				config("validated_later"));
		assertThat(results(report)).containsOnly(Result.PASSED);
	}

	@Test
	void reportsAConstraintLeftValidatedByADownWhenToldNotTo() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("validated_later"))
			.ignoreConstraintValidation(false)
			.build()
			.check();
		assertThat(report.message()).isEqualTo("Migration 3 (validate_email_check): its Down does not restore"
				+ " the schema from before its Up:\n"
				+ "  constraint users.users_email_lower: validated NOT VALID -> VALID");
	}

}
