package io.github.migrations.rollback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.migrations.Direction;
import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationKind;
import io.github.migrations.Migrator;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.execute.MigrationExecutor;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.lock.LockLease;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.ScriptSection;
import io.github.migrations.run.MigrationRun;
import io.github.migrations.run.Target;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollback, over its {@link MigrationRun}:
 * <ol>
 * <li>resolves the target and the local migrations (a failure there ends the run with nothing
 * recorded);</li>
 * <li>for a dry run, selects from the history read without the lock ({@link RollbackPlanner}),
 * records {@code DRY_RUN} in the audit trail and returns the plan, changing nothing else;</li>
 * <li>otherwise, under the lock: reads the history (creating its table if missing), selects (the
 * planner refuses before anything changes), logs the planner's warnings and reverts the selected
 * migrations newest first, each from its stored Down SQL (or its Java {@code down}) in one
 * transaction with the deletion of its row;</li>
 * <li>records the outcome in the audit trail ({@code SUCCESS}; {@code REFUSED} or {@code FAILURE}
 * with what was reverted before, where a failure to record does not hide the rollback's own),
 * logs it and finishes the run.</li>
 * </ol>
 * Internal: public only so that {@link io.github.migrations.Migrator} can start it; applications
 * call {@link io.github.migrations.Migrator#rollback}.
 */
public final class RollbackRun {

	// the rollback's lines keep the category operators know from the facade
	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private final MigrationRun run;

	private final RollbackRequest request;

	private final String what;

	private final List<String> warnings = new ArrayList<>();

	private final List<RollbackStep> done = new ArrayList<>();

	/**
	 * @param run the run, one the listeners were told of unless the request is a dry run
	 */
	public RollbackRun(MigrationRun run, RollbackRequest request) {
		this.run = run;
		this.request = request;
		this.what = describe(request);
	}

	/**
	 * Reverts what the request selects, or for a dry run only says what that is.
	 * @throws io.github.migrations.MigrationException when the request cannot be satisfied
	 * (irreversible migration in the way, unknown version, too many steps, dirty database; nothing
	 * is changed then) or a Down section fails
	 */
	public RollbackResult execute() {
		List<ResolvedMigration> local;
		try {
			// repeatable migrations are never reverted, and a baseline file is not the file of a row
			// a rollback may revert: only versioned migrations are candidates
			local = this.run.local().stream().filter(ResolvedMigration::isVersioned).toList();
		}
		catch (RuntimeException ex) {
			this.run.finish(ex);
			throw ex;
		}
		RollbackAudit audit = new RollbackAudit(this.run.target(), "rollback");
		String actor = this.request.actor();
		try {
			if (this.request.dryRun()) {
				return dryRun(local, audit);
			}
			this.run.underLock(() -> true, (lease) -> revert(local, lease));
			audit.record(actor, this.what, versions(this.done), "SUCCESS", null);
			logger.info("Rollback by {} ({}) reverted {}", actor, this.what, versions(this.done));
			this.run.finish(null);
			return new RollbackResult(false, List.copyOf(this.done), elapsed(), this.warnings);
		}
		catch (RuntimeException ex) {
			String outcome = (ex instanceof RollbackRefusedException) ? "REFUSED" : "FAILURE";
			audit.recordQuietly(actor, this.what, versions(this.done), outcome, ex.getMessage());
			logger.info("Rollback by {} ({}) ended with {} after reverting {}", actor, this.what, outcome,
					versions(this.done));
			this.run.finish(ex);
			throw ex;
		}
	}

	private RollbackResult dryRun(List<ResolvedMigration> local, RollbackAudit audit) {
		Target.History history = this.run.target().readAllHistory();
		List<AppliedMigration> selected = RollbackPlanner.select(this.request, history.versioned(),
				history.repeatables(), local, this.warnings);
		List<RollbackStep> steps = selected.stream().map((row) -> step(row, fileOf(row, local))).toList();
		audit.record(this.request.actor(), this.what, versions(steps), "DRY_RUN", null);
		logger.info("Rollback dry run by {} ({}): would revert {}", this.request.actor(), this.what, versions(steps));
		return new RollbackResult(true, steps, elapsed(), this.warnings);
	}

	private void revert(List<ResolvedMigration> local, LockLease lease) {
		Target.History history = this.run.target().createAndReadAllHistory();
		List<AppliedMigration> selected = RollbackPlanner.select(this.request, history.versioned(),
				history.repeatables(), local, this.warnings);
		this.warnings.forEach(logger::warn);
		try (MigrationExecutor executor = this.run.executor()) {
			revert(selected, local, executor, lease);
		}
	}

	private void revert(List<AppliedMigration> selected, List<ResolvedMigration> local, MigrationExecutor executor,
			LockLease lease) {
		for (AppliedMigration row : selected) {
			ResolvedMigration file = fileOf(row, local);
			RollbackStep step = step(row, file);
			MigrationDescriptor descriptor = new MigrationDescriptor(row.version(), row.name(), row.kind(),
					(file != null) ? file.downLocation() : "stored Down section of " + row.version());
			int firstLine = downLine(file, row);
			this.run.runOne(descriptor, Direction.DOWN, () -> executor.revert(row, descriptor,
					(file != null) ? file.javaMigration() : null, lease, firstLine));
			this.done.add(step);
		}
	}

	/**
	 * The file line where the stored Down section starts, when the local file has the same Down
	 * section; else 1 (lines then count within the stored SQL).
	 */
	private static int downLine(@Nullable ResolvedMigration file, AppliedMigration row) {
		if (file == null || file.javaMigration() != null || row.rollbackSql() == null) {
			return 1;
		}
		ScriptSection down = file.sections().down();
		return (down != null && row.rollbackSql().equals(file.downTextIfValid())) ? down.firstLine() : 1;
	}

	/**
	 * The local migration of an applied row (same version), or {@code null} when it is gone.
	 */
	private static @Nullable ResolvedMigration fileOf(AppliedMigration row, List<ResolvedMigration> local) {
		return local.stream().filter((m) -> m.version().equals(row.version())).findFirst().orElse(null);
	}

	private RollbackStep step(AppliedMigration row, @Nullable ResolvedMigration file) {
		if (row.kind() == MigrationKind.JAVA) {
			JavaMigration java = (file != null) ? file.javaMigration() : null;
			boolean transactional = (java == null) || java.isTransactional();
			return new RollbackStep(row.version(), row.name(), row.kind(), "Java migration", transactional);
		}
		String sql = (row.rollbackSql() != null) ? row.rollbackSql() : "";
		return new RollbackStep(row.version(), row.name(), row.kind(), sql.strip(), runsInTransaction(row, sql));
	}

	/**
	 * Whether the stored Down SQL runs in one transaction with the deletion of its row, by the
	 * rule the revert applies ({@link Dialect#runsInTransaction}). SQL that does not split counts as
	 * marked; the revert reports it.
	 */
	private boolean runsInTransaction(AppliedMigration row, String sql) {
		Dialect dialect = this.run.target().dialect();
		if (!row.downTransactional()) {
			return false;
		}
		try {
			return dialect.runsInTransaction(true, new MigrationParser(dialect.splitter())
				.statements("stored Down section of " + row.version(), new ScriptSection(sql, 1, true)));
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private Duration elapsed() {
		return Duration.between(this.run.started(), Instant.now());
	}

	private static String describe(RollbackRequest request) {
		String what = (request.steps() > 0) ? "steps=" + request.steps()
				: (request.toVersion() != null) ? "toVersion=" + request.toVersion() : "lastBatch";
		what = request.confirm() ? what + ", confirm" : what;
		return request.dryRun() ? what + ", dryRun" : what;
	}

	private static String versions(List<RollbackStep> steps) {
		return steps.isEmpty() ? "nothing"
				: String.join(", ", steps.stream().map((s) -> s.version().toString()).toList());
	}

}
