package io.github.migrations.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.rollback.RollbackRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that every pending migration can be reverted, against a real database. For each pending
 * migration, in version order:
 * <ol>
 * <li>snapshot the schema ({@link SchemaSnapshot});</li>
 * <li>apply its Up (a migrate run with the migration as target), then the
 * {@link MigrationStepHook#afterUp after-Up hooks};</li>
 * <li>apply its Down (a rollback of one step), snapshot again and compare with step 1: every
 * difference is reported, named ({@code index users_email_idx: missing before Up, present after
 * Down});</li>
 * <li>apply its Up again, so that the next migration starts from the schema it expects (and an Up
 * that cannot run twice after its own Down is caught too).</li>
 * </ol>
 * Irreversible migrations (no Down) are applied and reported as skipped; so is a baseline file
 * ({@code B<version>__}). Repeatable files ({@code R__}) are not checked: they have no version and
 * are never reverted, and they run with the first Up, so the objects they create show as
 * differences of that step (keep them out of the checked locations). Run it on an empty
 * database (or one where everything checked is still pending): the applied migrations are left
 * alone. It needs nothing from JUnit; {@link MigrationAssertions} and {@link MigrationsTest} wrap it
 * for tests.
 */
public final class MigrationReversibilityChecker {

	private static final Logger logger = LoggerFactory.getLogger(MigrationReversibilityChecker.class);

	static final String ACTOR = "migrations-test";

	static final String SCHEMA_NOT_RESTORED = "its Down does not restore the schema from before its Up";

	/**
	 * Differences ignored unless {@link Builder#ignoreConstraintValidation(boolean)} is turned off:
	 * a constraint added {@code NOT VALID} and validated by a later migration stays validated after
	 * that migration's Down, because no statement makes a constraint unvalidated again; it is as
	 * strict as before and the rows satisfy it.
	 */
	public static final Predicate<SchemaDifference> CONSTRAINT_VALIDATION = (d) -> d
		.kind() == SchemaObjectKind.CONSTRAINT && "validated".equals(d.attribute());

	private final DataSource dataSource;

	private final MigratorConfig config;

	private final boolean stopAtFirstFailure;

	private final boolean failOnIrreversible;

	private final Predicate<SchemaDifference> ignored;

	private final List<MigrationStepHook> hooks;

	private final @Nullable MigrationLintHook lint;

	private final boolean lintFindingsFail;

	private MigrationReversibilityChecker(Builder builder) {
		this.dataSource = builder.dataSource;
		this.config = builder.config;
		this.stopAtFirstFailure = builder.stopAtFirstFailure;
		this.failOnIrreversible = builder.failOnIrreversible;
		Predicate<SchemaDifference> ignored = builder.ignored;
		if (builder.ignoreConstraintValidation) {
			ignored = ignored.or(CONSTRAINT_VALIDATION);
		}
		this.ignored = ignored;
		this.hooks = List.copyOf(builder.hooks);
		this.lint = builder.lint;
		this.lintFindingsFail = builder.lintFindingsFail;
	}

	/**
	 * A checker of the migrations this configuration finds, on this database.
	 */
	public static Builder builder(DataSource dataSource, MigratorConfig config) {
		return new Builder(dataSource, config);
	}

	/**
	 * Runs the check and returns what it found; never throws for a migration that fails the check.
	 * @throws IllegalStateException when the lint hook itself fails
	 */
	public ReversibilityReport check() {
		Migrator migrator = new Migrator(this.dataSource, this.config);
		List<MigrationInfo> pending = migrator.status()
			.migrations()
			.stream()
			// a repeatable migration is never reverted (and has no version to migrate to): it is
			// applied along the way, never checked
			.filter((m) -> m.state() == MigrationState.PENDING && m.version() != null)
			.toList();
		List<String> findings = lint(pending);
		List<MigrationOutcome> outcomes = new ArrayList<>();
		boolean stopped = false;
		for (MigrationInfo migration : pending) {
			if (stopped) {
				outcomes.add(new MigrationOutcome(migration.version(), migration.name(),
						MigrationOutcome.Result.NOT_RUN, null, null));
				continue;
			}
			Step step = checkOne(migrator, migration);
			outcomes.add(step.outcome);
			logger.info("Reversibility of {}: {}", step.outcome.migration(), step.outcome.result());
			stopped = step.cannotContinue
					|| (this.stopAtFirstFailure && step.outcome.result() == MigrationOutcome.Result.FAILED);
		}
		return new ReversibilityReport(outcomes, findings, this.lintFindingsFail);
	}

	/**
	 * Runs the check and throws when it fails, or when there was nothing to check (a test that
	 * checks nothing proves nothing: the database was probably migrated already, by the
	 * application at startup for example).
	 * @return the report of a successful check
	 * @throws AssertionError with {@link ReversibilityReport#message()} when the check fails
	 */
	public ReversibilityReport assertReversible() {
		ReversibilityReport report = check();
		if (report.outcomes().isEmpty()) {
			throw new AssertionError("No pending migrations to check in " + this.config.getLocations()
					+ ": start from an empty database (one the application has not migrated at startup)");
		}
		if (!report.isSuccessful()) {
			throw new AssertionError(report.message());
		}
		return report;
	}

	private List<String> lint(List<MigrationInfo> pending) {
		if (this.lint == null) {
			return List.of();
		}
		try {
			return List.copyOf(this.lint.lint(this.config, this.dataSource, pending));
		}
		catch (Exception ex) {
			throw new IllegalStateException("The lint hook failed: " + ex.getMessage(), ex);
		}
	}

	private Step checkOne(Migrator migrator, MigrationInfo migration) {
		Migrator up = new Migrator(this.dataSource, this.config.toBuilder().target(migration.version()).build());
		List<String> problems = new ArrayList<>();
		String hookFailure = runHooks("beforeUp", migration, (h) -> h.beforeUp(this.dataSource, migration));
		if (hookFailure != null) {
			return Step.fatal(migration, hookFailure, null);
		}
		SchemaSnapshot before = SchemaSnapshot.of(this.dataSource, this.config);
		try {
			up.migrate();
		}
		catch (RuntimeException ex) {
			return Step.fatal(migration, "its Up failed: " + ex.getMessage(), null);
		}
		addIfPresent(problems, runHooks("afterUp", migration, (h) -> h.afterUp(this.dataSource, migration)));
		if (!migration.reversible()) {
			if (this.failOnIrreversible) {
				problems.add("it is irreversible (no Down section or down method)");
				return Step.done(migration, MigrationOutcome.Result.FAILED, null, String.join("; ", problems));
			}
			MigrationOutcome.Result result = problems.isEmpty() ? MigrationOutcome.Result.SKIPPED_IRREVERSIBLE
					: MigrationOutcome.Result.FAILED;
			problems.add(0, "irreversible (no Down section or down method): applied, not reverted");
			return Step.done(migration, result, null, String.join("; ", problems));
		}
		try {
			// confirmed: for the first migration, one step is every applied migration
			migrator.rollback(RollbackRequest.steps(1, ACTOR).confirmed());
		}
		catch (RuntimeException ex) {
			problems.add("its Down failed: " + ex.getMessage());
			return Step.fatal(migration, String.join("; ", problems), null);
		}
		SchemaDiff diff = before.diff(SchemaSnapshot.of(this.dataSource, this.config), "before Up", "after Down")
			.ignoring(this.ignored);
		if (!diff.isEmpty()) {
			problems.add(0, SCHEMA_NOT_RESTORED);
		}
		addIfPresent(problems, runHooks("afterDown", migration, (h) -> h.afterDown(this.dataSource, migration)));
		try {
			up.migrate();
		}
		catch (RuntimeException ex) {
			problems.add("its Up failed when applied again after its Down: " + ex.getMessage());
			return Step.fatal(migration, String.join("; ", problems), diff);
		}
		if (problems.isEmpty()) {
			return Step.done(migration, MigrationOutcome.Result.PASSED, diff, null);
		}
		return Step.done(migration, MigrationOutcome.Result.FAILED, diff, String.join("; ", problems));
	}

	private @Nullable String runHooks(String phase, MigrationInfo migration, HookCall call) {
		for (MigrationStepHook hook : this.hooks) {
			try {
				call.call(hook);
			}
			catch (Exception | AssertionError ex) {
				return "the " + phase + " hook failed for " + migration.version() + ": " + ex.getMessage();
			}
		}
		return null;
	}

	private static void addIfPresent(List<String> problems, @Nullable String problem) {
		if (problem != null) {
			problems.add(problem);
		}
	}

	@FunctionalInterface
	private interface HookCall {

		void call(MigrationStepHook hook) throws Exception;

	}

	private record Step(MigrationOutcome outcome, boolean cannotContinue) {

		static Step done(MigrationInfo migration, MigrationOutcome.Result result, @Nullable SchemaDiff diff,
				@Nullable String message) {
			return new Step(new MigrationOutcome(migration.version(), migration.name(), result, diff, message), false);
		}

		// the database is not where the next migration expects it: later ones are not checked
		static Step fatal(MigrationInfo migration, String message, @Nullable SchemaDiff diff) {
			return new Step(new MigrationOutcome(migration.version(), migration.name(),
					MigrationOutcome.Result.FAILED, diff, message), true);
		}

	}

	/**
	 * Options of a {@link MigrationReversibilityChecker}.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private final MigratorConfig config;

		private boolean stopAtFirstFailure;

		private boolean failOnIrreversible;

		private boolean ignoreConstraintValidation = true;

		private Predicate<SchemaDifference> ignored = (d) -> false;

		private final List<MigrationStepHook> hooks = new ArrayList<>();

		private @Nullable MigrationLintHook lint;

		private boolean lintFindingsFail = true;

		private Builder(DataSource dataSource, MigratorConfig config) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
			this.config = Objects.requireNonNull(config, "config");
		}

		/**
		 * Stop at the first migration that fails ({@code true}), or check every one that can be
		 * checked ({@code false}, the default). Either way the check stops when the database is no
		 * longer where the next migration expects it (an Up or Down that failed).
		 */
		public Builder stopAtFirstFailure(boolean stopAtFirstFailure) {
			this.stopAtFirstFailure = stopAtFirstFailure;
			return this;
		}

		/**
		 * Whether an irreversible migration fails the check; by default it is applied and reported
		 * as skipped.
		 */
		public Builder failOnIrreversible(boolean failOnIrreversible) {
			this.failOnIrreversible = failOnIrreversible;
			return this;
		}

		/**
		 * Whether a constraint left validated by a Down is tolerated (the default), see
		 * {@link MigrationReversibilityChecker#CONSTRAINT_VALIDATION}.
		 */
		public Builder ignoreConstraintValidation(boolean ignoreConstraintValidation) {
			this.ignoreConstraintValidation = ignoreConstraintValidation;
			return this;
		}

		/**
		 * Tolerates the differences this predicate accepts (in addition to earlier ones).
		 */
		public Builder ignoring(Predicate<SchemaDifference> ignored) {
			this.ignored = this.ignored.or(ignored);
			return this;
		}

		/**
		 * Adds a hook called around each migration, for data checks.
		 */
		public Builder stepHook(MigrationStepHook hook) {
			this.hooks.add(Objects.requireNonNull(hook, "hook"));
			return this;
		}

		/**
		 * Lints the pending migrations before the first is applied.
		 */
		public Builder lint(@Nullable MigrationLintHook lint) {
			this.lint = lint;
			return this;
		}

		/**
		 * Whether lint findings fail the check (the default) or are only reported.
		 */
		public Builder lintFindingsFail(boolean lintFindingsFail) {
			this.lintFindingsFail = lintFindingsFail;
			return this;
		}

		public MigrationReversibilityChecker build() {
			return new MigrationReversibilityChecker(this);
		}

	}

}
