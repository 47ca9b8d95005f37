package io.github.migrations.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.github.migrations.LintMode;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationLintException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationPreflightException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.preflight.PreflightConfig;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightRunner;
import io.github.migrations.preflight.PreflightStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two gates a migrate run passes before it takes the lock, and the one place that decides
 * what of their findings fails the run and what only warns:
 * <ol>
 * <li>lint, when the dialect has a linter and {@code lint} is not off, with the selected rules (by
 * default those that predict harm to a running system, not the style rules) on the pending
 * migrations newer than {@code lintStartAfter}: the violations go to the
 * listeners; in {@link LintMode#FAIL} a violation of a failing severity fails the run
 * ({@link MigrationLintException}, listing those), otherwise every violation is a WARN line;</li>
 * <li>pre-flight, when enabled and something is pending: the checks' results go to the listeners;
 * every warning or blocking result is a WARN line, and a blocking one fails the run
 * ({@link MigrationPreflightException}, listing the blocking ones).</li>
 * </ol>
 * Both gates only look: a failed gate leaves nothing behind and no lock held. Each finding is
 * judged into one shape ({@link Judged}) before the decision. The findings are wrapped rather than
 * made to implement a common interface: whether one fails the run depends on the run's settings
 * (the lint mode), which a finding cannot know, and the public records stay as the listeners and
 * the endpoint read them.
 */
final class Gates {

	// the lines keep the categories they always had: lint findings the facade's, pre-flight
	// findings the runner's
	private static final Logger lintLogger = LoggerFactory.getLogger(Migrator.class);

	private static final Logger preflightLogger = LoggerFactory.getLogger(PreflightRunner.class);

	private final MigratorConfig config;

	private final MigrationListener events;

	Gates(MigratorConfig config, MigrationListener events) {
		this.config = config;
		this.events = events;
	}

	/**
	 * Runs both gates on the pending migrations.
	 * @throws MigrationLintException when lint fails the run (pre-flight does not run then)
	 * @throws MigrationPreflightException when a pre-flight finding is blocking
	 */
	void pass(Target target, List<ResolvedMigration> pending, boolean freshDatabase) {
		lint(target, pending, freshDatabase);
		preflight(target, pending);
	}

	private void lint(Target target, List<ResolvedMigration> pending, boolean freshDatabase) {
		Optional<MigrationLinter> linter = target.dialect().linter();
		if (this.config.getLint() == LintMode.OFF || linter.isEmpty()) {
			return;
		}
		MigrationLinter selected = this.config.getLintRules().isEmpty() ? linter.get().withoutAdvice()
				: linter.get().only(this.config.getLintRules());
		MigrationVersion startAfter = this.config.getLintStartAfter();
		List<ResolvedMigration> linted = (startAfter != null)
				? pending.stream().filter((m) -> m.version().compareTo(startAfter) > 0).toList() : pending;
		// on a fresh database, a table created by an earlier pending migration is new when a later one runs
		List<LintViolation> violations = selected.lint(linted, freshDatabase);
		this.events.migrationsLinted(violations);
		boolean failsRun = this.config.getLint() == LintMode.FAIL
				&& violations.stream().anyMatch((v) -> v.severity().failsRun());
		// a run that fails lists the violations that fail it in the exception, not in the log; advice
		// is logged either way
		decide(violations.stream().map((v) -> {
			boolean fails = failsRun && v.severity().failsRun();
			return new Judged<>(v, fails, fails ? null : v.script() + ":" + v.line() + " " + v.ruleId() + " " + v.message());
		}).toList(), MigrationLintException::new, lintLogger);
	}

	private void preflight(Target target, List<ResolvedMigration> pending) {
		PreflightConfig settings = this.config.getPreflight();
		if (!settings.isEnabled() || pending.isEmpty()) {
			return;
		}
		List<PreflightResult> results = target.inConnection((c) -> PreflightRunner.run(c, target.dialect(),
				target.schema(), pending, settings, this.config.getApplicationName()));
		this.events.preflightChecked(results);
		decide(results.stream()
			.map((r) -> new Judged<>(r, r.status() == PreflightStatus.BLOCKING,
					r.status().needsAttention() ? "Pre-flight " + r.describe() : null))
			.toList(), MigrationPreflightException::new, preflightLogger);
	}

	/**
	 * Logs the warnings, then fails the run with the failing findings, if any.
	 */
	private static <F> void decide(List<Judged<F>> findings, Function<List<F>, ? extends MigrationException> failure,
			Logger logger) {
		findings.stream().map(Judged::warning).filter(Objects::nonNull).forEach(logger::warn);
		List<F> failing = findings.stream().filter(Judged::failsRun).map(Judged::finding).toList();
		if (!failing.isEmpty()) {
			throw failure.apply(failing);
		}
	}

	/**
	 * A finding as the run judges it.
	 * @param finding the lint violation or pre-flight result
	 * @param failsRun whether it stops the run
	 * @param warning its WARN line, or {@code null} for none
	 */
	private record Judged<F>(F finding, boolean failsRun, @Nullable String warning) {
	}

}
