package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.util.List;

import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.RepairMode;
import io.github.migrations.RepairResult;
import io.github.migrations.RunResult;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import io.github.migrations.rollback.RollbackStep;
import org.jspecify.annotations.Nullable;

/**
 * The commands that change or check the database: {@code validate}, {@code migrate},
 * {@code rollback}, {@code baseline}, {@code repair}. Each prints what it did; an engine failure
 * ({@link io.github.migrations.MigrationException}) propagates to {@link Commands#execute}, which
 * prints its description and action and answers {@link ExitCode#FAILURE}.
 */
public final class DatabaseCommands {

	private final CommandConfiguration configuration;

	private final PrintStream out;

	private final boolean terminal;

	/**
	 * Creates the commands.
	 * @param configuration what to connect to and where the migrations are
	 * @param out where to print
	 * @param terminal whether {@code out} is a terminal (progress lines are rewritten in place)
	 */
	public DatabaseCommands(CommandConfiguration configuration, PrintStream out, boolean terminal) {
		this.configuration = configuration;
		this.out = out;
		this.terminal = terminal;
	}

	/**
	 * What a start with {@code migrations.mode=validate} checks: checksums, missing and failed
	 * migrations, and that nothing is pending.
	 * @param allowPending whether pending migrations are fine (before a deploy that migrates)
	 */
	public int validate(boolean allowPending) {
		this.configuration.migrator(List.of()).validate(allowPending);
		this.out.println("Valid: the applied migrations match the files"
				+ (allowPending ? "" : " and none is pending"));
		return ExitCode.OK;
	}

	/**
	 * Applies the pending migrations, up to {@code migrations.target} ({@code --target}) when set.
	 */
	public int migrate() {
		Migrator probe = this.configuration.migrator(List.of());
		MigrationVersion target = probe.getConfig().getTarget();
		int pending = (int) probe.status()
			.pending()
			.stream()
			.filter((m) -> target == null || m.version() == null || m.version().compareTo(target) <= 0)
			.count();
		Migrator migrator = this.configuration
			.migrator(List.of(new ProgressListener(this.out, pending, this.terminal)));
		this.out.println("Migrating " + this.configuration.describe());
		RunResult result = migrator.migrate();
		this.out.println(result.migrations().isEmpty() ? "Up to date: nothing to migrate"
				: "Applied " + result.migrations().size() + " migration(s) in batch " + result.batch() + " in "
						+ result.duration().toMillis() + " ms");
		return result.successful() ? ExitCode.OK : ExitCode.FAILURE;
	}

	/**
	 * Reverts applied migrations, newest first; exactly one of {@code steps}, {@code toVersion}
	 * and {@code lastBatch}. One that would revert every applied migration is refused unless
	 * {@code toVersion} is 0 or it is confirmed.
	 * @param confirm allow reverting every applied migration
	 * @param actor recorded in the rollback audit
	 */
	public int rollback(@Nullable Integer steps, @Nullable String toVersion, boolean lastBatch, boolean dryRun,
			boolean confirm, String actor) {
		int chosen = ((steps != null) ? 1 : 0) + ((toVersion != null) ? 1 : 0) + (lastBatch ? 1 : 0);
		if (chosen != 1) {
			throw new CommandException("rollback needs exactly one of --steps=N, --to=VERSION or --last-batch ("
					+ chosen + " given), e.g. rollback --steps=1 --dry-run");
		}
		if (steps != null && steps < 1) {
			throw new CommandException("--steps must be at least 1, was " + steps);
		}
		RollbackRequest request = (steps != null) ? RollbackRequest.steps(steps, actor)
				: (toVersion != null) ? RollbackRequest.toVersion(version(toVersion), actor)
						: RollbackRequest.lastBatch(actor);
		request = confirm ? request.confirmed() : request;
		Migrator planner = this.configuration.migrator(List.of());
		RollbackResult plan = planner.rollback(request.asDryRun());
		if (dryRun) {
			this.out.println("Dry run: would revert " + plan.steps().size() + " migration(s), newest first:");
			for (RollbackStep step : plan.steps()) {
				this.out.println("-- " + step.version() + " " + step.name()
						+ (step.transactional() ? "" : " (no transaction)"));
				this.out.println(step.sql().strip());
			}
			plan.warnings().forEach((warning) -> this.out.println("WARNING: " + warning));
			return ExitCode.OK;
		}
		Migrator migrator = this.configuration
			.migrator(List.of(new ProgressListener(this.out, plan.steps().size(), this.terminal)));
		RollbackResult result = migrator.rollback(request);
		result.warnings().forEach((warning) -> this.out.println("WARNING: " + warning));
		this.out.println("Reverted " + result.steps().size() + " migration(s) in " + result.duration().toMillis()
				+ " ms");
		return ExitCode.OK;
	}

	/**
	 * Marks an existing database as migrated up to a version (default {@code migrations.baseline-version}).
	 */
	public int baseline(@Nullable String version) {
		Migrator migrator = this.configuration.migrator(List.of());
		MigrationVersion baseline = (version != null) ? version(version) : migrator.getConfig().getBaselineVersion();
		migrator.baseline(baseline);
		this.out.println("Baselined at version " + baseline);
		return ExitCode.OK;
	}

	/**
	 * Removes the history rows of migrations that failed part-way, so that they run again; or,
	 * for a dry run, names them.
	 * @param actor recorded in the audit
	 */
	public int repair(boolean dryRun, String actor) {
		return repair(RepairMode.RERUN, dryRun, actor);
	}

	/**
	 * Repairs the history rows of migrations that failed part-way as {@code mode} says (removed,
	 * so they run again; let resume from the failed statement; marked applied); or, for a dry run,
	 * names them.
	 * @param actor recorded in the audit
	 */
	public int repair(RepairMode mode, boolean dryRun, String actor) {
		RepairResult result = this.configuration.migrator(List.of()).repair(actor, mode, dryRun);
		if (result.cleared().isEmpty()) {
			this.out.println("Nothing to repair: no failed migration in the history");
			return ExitCode.OK;
		}
		String rows = result.cleared().size() + " failed migration row(s): " + String.join(", ", result.cleared());
		this.out.println(switch (mode) {
			case RERUN -> (dryRun ? "Dry run: would remove " : "Removed ") + rows
					+ (dryRun ? "" : "; fix their cause, then migrate again");
			case RESUME -> (dryRun ? "Dry run: would let resume " : "Let resume ") + rows
					+ (dryRun ? "" : "; the next migrate runs each from its failed statement");
			case MARK_APPLIED -> (dryRun ? "Dry run: would mark applied " : "Marked applied ") + rows;
		});
		return ExitCode.OK;
	}

	private static MigrationVersion version(String text) {
		try {
			return MigrationVersion.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException("'" + text + "' is not a version: " + ex.getMessage());
		}
	}

}
