package io.github.migrations.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.test.MigrationOutcome.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MigrationReversibilityChecker} against a real database: one subclass per database gives
 * each test a fresh one.
 */
abstract class AbstractMigrationReversibilityCheckerTests {

	/** A linter with one finding, that counts the migrations it was given. */
	private static final MigrationLintHook INDEX_LINT = (config, dataSource, migrations) -> List
		.of("2 add_email_index: index-not-concurrent (" + migrations.size() + " migrations linted)");

	@RegisterExtension
	final TestDatabase db;

	AbstractMigrationReversibilityCheckerTests(TestDatabase db) {
		this.db = db;
	}

	/**
	 * A set of test migrations, in this database's spelling where it needs one
	 * ({@link TestDatabase#location}).
	 */
	MigratorConfig config(String set) {
		return MigratorConfig.builder().locations(this.db.location(set)).lockLease(Duration.ofSeconds(5)).build();
	}

	static List<Result> results(ReversibilityReport report) {
		return report.outcomes().stream().map(MigrationOutcome::result).toList();
	}

	@Test
	void passesWhenEveryDownRestoresTheSchemaAndLeavesEverythingApplied() throws Exception {
		ReversibilityReport report = MigrationAssertions.assertReversible(this.db.dataSource(), config("good"));
		assertThat(results(report)).containsExactly(Result.PASSED, Result.PASSED, Result.PASSED);
		assertThat(report.message()).isEqualTo("All 3 migrations are reversible");
		assertThat(new Migrator(this.db.dataSource(), config("good")).status().migrations())
			.extracting(MigrationInfo::state)
			.containsOnly(MigrationState.APPLIED)
			.hasSize(3);
	}

	@Test
	void catchesADownThatForgetsAnIndexAndNamesTheIndex() throws Exception {
		MigrationReversibilityChecker checker = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("forgotten_index"))
			.build();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(checker::assertReversible)
			.satisfies((ex) -> System.out.println("[" + this.db + "] " + ex.getMessage()))
			.withMessageStartingWith("Migration 2 (add_email_index): its Down does not restore the schema"
					+ " from before its Up:")
			.withMessageContaining(
					"index " + this.db.index("users", "users_email_idx") + ": missing before Up, present after Down");
	}

	@Test
	void stopsAfterAFailedDownWhenTheUpCannotRunAgain() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("forgotten_index"))
			.build()
			.check();
		assertThat(results(report)).containsExactly(Result.PASSED, Result.FAILED, Result.NOT_RUN);
		assertThat(report.failures().get(0).message())
			.contains("its Up failed when applied again after its Down");
		assertThat(report.message()).contains("1 later migration(s) not checked");
	}

	@Test
	void catchesADownThatForgetsAColumn() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("forgotten_column"))
			.build()
			.check();
		assertThat(report.isSuccessful()).isFalse();
		assertThat(report.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.migration()).isEqualTo("2 (add_profile)");
			assertThat(failure.diff().lines()).containsExactly("column " + this.db.name("users") + "."
					+ this.db.name("bio") + ": missing before Up, present after Down");
		});
	}

	@Test
	void collectsEveryFailureByDefault() throws Exception {
		ReversibilityReport all = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("rerunnable_failure"))
			.build()
			.check();
		assertThat(results(all)).containsExactly(Result.PASSED, Result.FAILED, Result.PASSED);
	}

	@Test
	void stopsAtTheFirstFailureWhenAsked() throws Exception {
		ReversibilityReport first = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("rerunnable_failure"))
			.stopAtFirstFailure(true)
			.build()
			.check();
		assertThat(results(first)).containsExactly(Result.PASSED, Result.FAILED, Result.NOT_RUN);
	}

	@Test
	void skipsIrreversibleMigrations() throws Exception {
		ReversibilityReport report = MigrationAssertions.assertReversible(this.db.dataSource(), config("irreversible"));
		assertThat(results(report)).containsExactly(Result.PASSED, Result.SKIPPED_IRREVERSIBLE, Result.PASSED);
		assertThat(report.message()).isEqualTo("All 3 migrations are reversible (1 irreversible, skipped)");
	}

	@Test
	void failsOnAnIrreversibleMigrationWhenAsked() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker
			.builder(this.db.dataSource(), config("irreversible"))
			.failOnIrreversible(true)
			.build()
			.check();
		assertThat(results(report)).containsExactly(Result.PASSED, Result.FAILED, Result.PASSED);
		assertThat(report.message()).contains("Migration 2 (backfill_emails): it is irreversible");
	}

	@Test
	void callsTheDataHooksAroundEachStepSoRowsCanBeCheckedToSurvive() throws Exception {
		List<String> calls = new ArrayList<>();
		MigrationStepHook hook = new MigrationStepHook() {

			@Override
			public void beforeUp(DataSource dataSource, MigrationInfo migration) {
				calls.add("beforeUp " + migration.version());
				if (migration.version().toString().equals("3")) {
					new JdbcTemplate(dataSource).update("INSERT INTO users (id, email) VALUES (1, 'ada@example.com')");
				}
			}

			@Override
			public void afterUp(DataSource dataSource, MigrationInfo migration) {
				calls.add("afterUp " + migration.version());
				if (migration.version().toString().equals("3")) {
					assertThat(new JdbcTemplate(dataSource).queryForObject(
							"SELECT nickname FROM users WHERE email = 'ada@example.com'", String.class))
						.isEqualTo("anon");
				}
			}

			@Override
			public void afterDown(DataSource dataSource, MigrationInfo migration) {
				calls.add("afterDown " + migration.version());
				if (migration.version().toString().equals("3")) {
					assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM users",
							Integer.class))
						.isEqualTo(1);
				}
			}

		};
		ReversibilityReport report = MigrationReversibilityChecker.builder(this.db.dataSource(), config("good"))
			.stepHook(hook)
			.build()
			.assertReversible();
		assertThat(report.isSuccessful()).isTrue();
		assertThat(calls).containsExactly("beforeUp 1", "afterUp 1", "afterDown 1", "beforeUp 2", "afterUp 2",
				"afterDown 2", "beforeUp 3", "afterUp 3", "afterDown 3");
	}

	@Test
	void failsTheMigrationWhoseDataHookFails() throws Exception {
		MigrationStepHook hook = new MigrationStepHook() {

			@Override
			public void afterUp(DataSource dataSource, MigrationInfo migration) {
				if (migration.version().toString().equals("2")) {
					throw new AssertionError("rows lost");
				}
			}

		};
		ReversibilityReport report = MigrationReversibilityChecker.builder(this.db.dataSource(), config("good"))
			.stepHook(hook)
			.build()
			.check();
		assertThat(results(report)).containsExactly(Result.PASSED, Result.FAILED, Result.PASSED);
		assertThat(report.message())
			.isEqualTo("Migration 2 (add_email_index): the afterUp hook failed for 2: rows lost");
	}

	@Test
	void reportsLintFindingsAndFailsOnThem() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker.builder(this.db.dataSource(), config("good"))
			.lint(INDEX_LINT)
			.build()
			.check();
		assertThat(report.isSuccessful()).isFalse();
		assertThat(report.message())
			.isEqualTo("Lint findings:\n  2 add_email_index: index-not-concurrent (3 migrations linted)");
	}

	@Test
	void reportsLintFindingsWithoutFailingWhenToldNotTo() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker.builder(this.db.dataSource(), config("good"))
			.lint(INDEX_LINT)
			.lintFindingsFail(false)
			.build()
			.check();
		assertThat(report.isSuccessful()).isTrue();
		assertThat(report.lintFindings()).hasSize(1);
	}

	@Test
	void failsWhenThereIsNothingPendingToCheck() throws Exception {
		new Migrator(this.db.dataSource(), config("good")).migrate();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> MigrationAssertions.assertReversible(this.db.dataSource(), config("good")))
			.withMessageStartingWith("No pending migrations to check in [" + this.db.location("good") + "]");
	}

	@Test
	void checksWithAMigratorsDatabaseAndConfiguration() throws Exception {
		ReversibilityReport report = MigrationAssertions
			.assertReversible(new Migrator(this.db.dataSource(), config("good")));
		assertThat(results(report)).containsExactly(Result.PASSED, Result.PASSED, Result.PASSED);
	}

	@Test
	void lintsThePendingMigrationsWithTheProjectsLinter() throws Exception {
		ReversibilityReport report = MigrationReversibilityChecker.builder(this.db.dataSource(), config("good"))
			.lint(MigrationLintHook.postgresLinter())
			.build()
			.check();
		assertThat(report.failures()).isEmpty();
		assertThat(report.isSuccessful()).isFalse();
		assertThat(report.lintFindings()).anySatisfy((finding) -> assertThat(finding)
			.startsWith(this.db.location("good") + "/2_add_email_index.sql:3 index-not-concurrent (ERROR)"));
		assertThat(report.lintFindings()).noneMatch((finding) -> finding.contains("(ADVICE)"));
	}

}
