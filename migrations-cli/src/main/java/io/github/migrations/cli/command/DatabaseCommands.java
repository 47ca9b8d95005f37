package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.util.List;

import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.RepairMode;
import io.github.migrations.RepairResult;
import io.github.migrations.RunResult;
import io.github.migrations.SqlScript;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import io.github.migrations.rollback.RollbackStep;
import org.jspecify.annotations.Nullable;

/**
 * The commands that change or check the database: {@code validate}, {@code migrate},
 * {@code rollback}, {@code baseline}, {@code repair}, {@code import}, and {@code sql}, which shows
 * what {@code migrate} or {@code rollback} would send. Each prints what it did; an engine failure
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
		RollbackRequest request = rollbackRequest(steps, toVersion, lastBatch, confirm, actor, "rollback");
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

	/**
	 * Prints the SQL that {@code migrate} would send, or with {@code rollback} the SQL of that
	 * rollback (one of {@code steps}, {@code toVersion}, {@code lastBatch}), in order, from the
	 * engine's own run over connections that send only reads ({@link Migrator#migrateSql()}):
	 * the lock's and the history's statements marked as such, the transactions, each migration
	 * statement's file and line (relative to the project). Changes nothing.
	 */
	public int sql(boolean rollback, @Nullable Integer steps, @Nullable String toVersion, boolean lastBatch,
			boolean confirm, String actor) {
		Migrator migrator = this.configuration.migrator(List.of());
		SqlScript script;
		if (rollback) {
			script = migrator.rollbackSql(rollbackRequest(steps, toVersion, lastBatch, confirm, actor, "sql --rollback"));
		}
		else {
			if (steps != null || toVersion != null || lastBatch || confirm) {
				throw new CommandException("--steps, --to, --last-batch and --confirm choose a rollback: add --rollback, "
						+ "e.g. sql --rollback --steps=1");
			}
			script = migrator.migrateSql();
		}
		this.out.print(relative(script.render()));
		return ExitCode.OK;
	}

	/**
	 * Imports another tool's history (Flyway, sql-migrate, goose, golang-migrate) into a schema
	 * that has none of ours, and applies nothing; or, for a dry run, prints the SQL the import
	 * would send.
	 */
	public int importHistory(boolean dryRun) {
		Migrator migrator = this.configuration.migrator(List.of());
		if (dryRun) {
			this.out.print(relative(migrator.importSql().render()));
			return ExitCode.OK;
		}
		ImportedHistory imported = migrator.importHistory();
		this.out.println("Imported " + imported + "; the pending migrations run with the next migrate");
		return ExitCode.OK;
	}

	// file names in comments relative to the project, as lint prints them
	private String relative(String text) {
		String project = this.configuration.projectDirectory().toString();
		return text.replace("-- filesystem:" + project + "/", "-- ");
	}

	private static RollbackRequest rollbackRequest(@Nullable Integer steps, @Nullable String toVersion,
			boolean lastBatch, boolean confirm, String actor, String command) {
		int chosen = ((steps != null) ? 1 : 0) + ((toVersion != null) ? 1 : 0) + (lastBatch ? 1 : 0);
		if (chosen != 1) {
			throw new CommandException(command + " needs exactly one of --steps=N, --to=VERSION or --last-batch ("
					+ chosen + " given), e.g. " + command + " --steps=1");
		}
		if (steps != null && steps < 1) {
			throw new CommandException("--steps must be at least 1, was " + steps);
		}
		RollbackRequest request = (steps != null) ? RollbackRequest.steps(steps, actor)
				: (toVersion != null) ? RollbackRequest.toVersion(version(toVersion), actor)
						: RollbackRequest.lastBatch(actor);
		return confirm ? request.confirmed() : request;
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
