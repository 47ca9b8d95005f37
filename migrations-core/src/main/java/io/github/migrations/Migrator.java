package io.github.migrations;

import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import io.github.migrations.rollback.RepairRun;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import io.github.migrations.rollback.RollbackRun;
import io.github.migrations.run.DryRun;
import io.github.migrations.run.MigrationRun;
import io.github.migrations.run.Plan;
import io.github.migrations.run.Runs;
import io.github.migrations.run.Target;
import io.github.migrations.run.TenantDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one orchestrator. A migrate run:
 * <ol>
 * <li>reads the local migrations (files and Java), so a malformed file fails before the database
 * is touched, and runs the {@code beforeMigrate} callbacks (SQL files and {@link MigrationCallback}
 * beans; none, and no connection, when there are none);</li>
 * <li>reads the history without the lock: when it is valid and nothing is pending, returns at once
 * (the common start of an app instance: no lock, no writes);</li>
 * <li>lints the pending migrations and runs the pre-flight checks, still without the lock, so that
 * a failing lint (in fail mode) or a blocking finding stops the run with nothing created;</li>
 * <li>otherwise creates the lock table if needed and takes the lock (lease, heartbeat,
 * fencing); between two attempts it reads the history again (no lock) and returns, up to date,
 * once another runner applied everything;</li>
 * <li>when the history table does not exist, adopts the schema: imports a foreign history
 * (Flyway's, sql-migrate's, goose's, golang-migrate's) in one transaction, or records a baseline
 * on a schema with tables of its own when configured to, or refuses such a schema;</li>
 * <li>creates the history table if missing and reads it again, now under the lock;</li>
 * <li>validates: a dirty database always stops the run; edited, missing and out-of-order
 * migrations stop it unless configured otherwise;</li>
 * <li>plans the pending migrations in version order (up to the target) and applies each in its own
 * transaction together with its history row, all with one batch number;</li>
 * <li>releases the lock and runs the {@code afterMigrateApplied} (when something was applied) and
 * {@code afterMigrate} callbacks; on a failure, the {@code afterMigrateError} ones.</li>
 * </ol>
 * Placeholders in SQL files are replaced when their statements are split, with this run's values;
 * checksums are of the text as written, so a start with nothing pending replaces nothing.
 * Each operation is a short script over a {@link MigrationRun}, the per-run object of the internal
 * {@code run} package; rollback is a {@link RollbackRun}, repair a {@link RepairRun}. Rollback and
 * repair follow the same lock and fencing and are audited; {@link #status()} and
 * {@link #validate(boolean)} never take the lock.
 */
public final class Migrator {

	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private final DataSource dataSource;

	private final MigratorConfig config;

	private final Runs runs;

	public Migrator(DataSource dataSource, MigratorConfig config) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.config = Objects.requireNonNull(config, "config");
		this.runs = new Runs(dataSource, config);
	}

	private Migrator(Migrator parent, String tenant, List<MigrationListener> listeners) {
		this.dataSource = new TenantDataSource(parent.dataSource, tenant);
		MigratorConfig.Builder config = parent.config.toBuilder().schema(tenant);
		listeners.forEach(config::listener);
		this.config = config.build();
		this.runs = new Runs(parent.runs, this.dataSource, this.config);
	}

	/**
	 * The {@link Migrator} of one tenant: the tenant's schema (on MariaDB and MySQL, its
	 * database) holds its own history and lock, is created by its first migrate, and is the
	 * current schema of every connection its runs borrow (so the migrations' unqualified names
	 * land there; the previous one is set back before a connection is closed). Everything else
	 * is this one's: data source, configuration, listeners, the local migrations (read once for
	 * all tenants). For a tenant signed up while the application runs:
	 * {@code migrator.tenant("acme").migrate()}. For all tenants at once, see {@link Tenants}.
	 * @param tenant the tenant's schema name
	 */
	public Migrator tenant(String tenant) {
		return tenant(tenant, List.of());
	}

	/**
	 * {@link #tenant(String)} with listeners of its own besides this one's ({@link Tenants} hears
	 * what a failed tenant's run applied before it failed).
	 */
	Migrator tenant(String tenant, List<MigrationListener> listeners) {
		if (tenant == null || tenant.isBlank()) {
			throw new IllegalArgumentException("A tenant needs a schema name, was '" + tenant + "'");
		}
		return new Migrator(this, tenant, listeners);
	}

	/**
	 * The runs this one shares with its tenants.
	 */
	Runs runs() {
		return this.runs;
	}

	public MigratorConfig getConfig() {
		return this.config;
	}

	public DataSource getDataSource() {
		return this.dataSource;
	}

	/**
	 * Applies every pending migration, under the lock.
	 * @return what ran
	 * @throws MigrationException on any failure (validation, lint, pre-flight, lock, execution)
	 */
	public RunResult migrate() {
		MigrationRun run = this.runs.start("migrate");
		return run.complete(() -> {
			try {
				// the local files first: a malformed file or callback fails before anything runs
				run.local();
				// before the callbacks too: a refused run has nothing to prepare
				run.refuseUnsupportedGroup();
				run.lookBeforeCallbacks();
				run.callback(MigrationCallback.Event.BEFORE_MIGRATE, null);
				migrate(run);
				if (run.changedAnything()) {
					run.callback(MigrationCallback.Event.AFTER_MIGRATE_APPLIED, null);
				}
				run.callback(MigrationCallback.Event.AFTER_MIGRATE, null);
			}
			catch (RuntimeException ex) {
				afterMigrateError(run, ex);
				throw ex;
			}
		});
	}

	private void migrate(MigrationRun run) {
		// one read of the history before the lock serves the up-to-date check and both gates;
		// under the lock it is read again (another runner may have applied some in between)
		Plan unlocked = run.planWithoutLock();
		if (!run.needsLock(unlocked)) {
			run.upToDate();
			return;
		}
		run.passGates(unlocked.pending(), unlocked.nothingApplied());
		run.underLock(() -> run.needsLock(run.planWithoutLock()), (lease) -> {
			Plan plan = run.planUnderLock(lease);
			plan.validate(this.config.isValidateOnMigrate(), true);
			if (plan.pending().isEmpty()) {
				run.upToDate();
				return;
			}
			run.applyAll(plan.pending(), plan::resumeFrom, lease);
		});
	}

	/**
	 * The {@code afterMigrateError} callbacks; their own failure is added to the run's, which is
	 * the one reported.
	 */
	private static void afterMigrateError(MigrationRun run, RuntimeException failure) {
		try {
			run.callback(MigrationCallback.Event.AFTER_MIGRATE_ERROR, failure);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
			logger.error("The afterMigrateError callback failed too", ex);
		}
	}

	/**
	 * Checks applied migrations against local ones without changing anything or taking the lock.
	 * @param allowPending whether pending migrations are acceptable
	 * @throws MigrationValidationException listing every problem
	 * @throws InvalidIndexException when no other problem is found and the schema has an INVALID index
	 * left by an interrupted {@code CREATE INDEX CONCURRENTLY} (PostgreSQL)
	 */
	public void validate(boolean allowPending) {
		MigrationRun run = this.runs.startUnreported("validate");
		run.plan().validate(true, allowPending);
		run.target().checkInvalidIndexes(false, null);
	}

	/**
	 * Records a baseline at the configured version ({@code migrations.baseline-version}, default
	 * 1), under the lock: local migrations at or below it count as applied and never run.
	 * @throws MigrationAdoptionException when the history already has rows
	 */
	public void baseline() {
		baseline(this.config.getBaselineVersion());
	}

	/**
	 * Records a baseline at {@code version}, under the lock and audited: local migrations at or
	 * below it count as applied (status {@code BASELINED}) and never run. For a schema that
	 * another tool (or a hand) made up to that version.
	 * @throws MigrationAdoptionException when the history already has rows
	 */
	public void baseline(MigrationVersion version) {
		this.runs.startUnreported("baseline").baseline(Objects.requireNonNull(version, "version"));
	}

	/**
	 * Clears the rows of migrations that failed part-way (dirty), under the lock, so that they run
	 * again, recorded in the audit trail as asked by {@code api}. Fix their cause and make them
	 * safe to re-run first.
	 * @return how many rows were removed
	 */
	public int repair() {
		return repair("api", false).cleared().size();
	}

	/**
	 * Clears the rows of migrations that failed part-way (dirty), under the lock, so that they run
	 * again; or, for a dry run, says which rows that would be without changing anything. Recorded
	 * in the audit trail with {@code actor}. Fix the failed migrations' cause and make them safe to
	 * re-run first.
	 * @param actor who asks (a principal name, {@code anonymous}...), for the audit record
	 * @param dryRun only say what would be cleared
	 * @return the rows cleared (or that would be)
	 */
	public RepairResult repair(String actor, boolean dryRun) {
		return repair(actor, RepairMode.RERUN, dryRun);
	}

	/**
	 * Repairs the rows of migrations that failed part-way (dirty), under the lock, as
	 * {@code mode} says; or, for a dry run, says which rows that would be and what would happen to
	 * them, without changing anything. Recorded in the audit trail with {@code actor}.
	 * <ul>
	 * <li>{@link RepairMode#RERUN}: the rows are removed and the migrations run again from their
	 * first statement (what {@link #repair(String, boolean)} does);</li>
	 * <li>{@link RepairMode#RESUME}: the next migrate runs each from the statement that failed,
	 * skipping those that took effect (MariaDB and MySQL record them); refused, changing nothing,
	 * when a failed row has no recorded progress;</li>
	 * <li>{@link RepairMode#MARK_APPLIED}: the migrations count as applied, with their file's
	 * checksum.</li>
	 * </ul>
	 * @param actor who asks (a principal name, {@code anonymous}...), for the audit record
	 * @param mode what to do with the failed rows
	 * @param dryRun only say what would be done
	 * @return the rows repaired (or that would be)
	 * @throws MigrationException when a resume is not possible (nothing is changed then)
	 */
	public RepairResult repair(String actor, RepairMode mode, boolean dryRun) {
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(mode, "mode");
		return RepairRun.execute(this.runs.startUnreported("repair"), actor, mode, dryRun);
	}

	/**
	 * Reverts applied migrations from the Down SQL stored when they were applied, newest first,
	 * under the lock; or, for a dry run, returns the plan without changing anything.
	 * @throws MigrationException when the request cannot be satisfied (irreversible migration in
	 * the way, unknown version, too many steps, dirty database); nothing is changed then
	 */
	public RollbackResult rollback(RollbackRequest request) {
		// a dry run is not a run: the listeners hear neither its start nor its end
		MigrationRun run = request.dryRun() ? this.runs.startUnreported("rollback") : this.runs.start("rollback");
		return new RollbackRun(run, request).execute();
	}

	/**
	 * Imports the history of another tool (Flyway, sql-migrate, goose, golang-migrate, as
	 * {@code migrations.import-history} says) into a schema that has no history of ours yet,
	 * under the lock and audited, and applies nothing: what the first migrate would import.
	 * @return what was imported
	 * @throws MigrationAdoptionException when the history exists already or there is nothing to
	 * import
	 */
	public ImportedHistory importHistory() {
		MigrationRun run = this.runs.startUnreported("import");
		return run.importHistory();
	}

	/**
	 * The SQL {@link #migrate()} would send now, in order, without sending it: the lock's and the
	 * history's statements, each migration's statements (placeholders replaced) with file and line,
	 * and the transactions as they would be opened and committed. Made by running the migrate
	 * itself over connections that send only its reads (see {@link SqlScript}); its log lines are
	 * those of that run. Listeners hear nothing.
	 * @throws MigrationException when the migrate would fail before sending anything (validation,
	 * lint, pre-flight), or a pending migration is a Java one (its SQL is known only when it runs)
	 */
	public SqlScript migrateSql() {
		return DryRun.record(this.dataSource, this.config, "migrate", Migrator::migrate);
	}

	/**
	 * The SQL {@link #rollback(RollbackRequest)} would send for {@code request} (its dry-run flag
	 * ignored), in order, without sending it; see {@link #migrateSql()}.
	 * @throws MigrationException when the rollback would be refused
	 */
	public SqlScript rollbackSql(RollbackRequest request) {
		RollbackRequest live = new RollbackRequest(request.steps(), request.toVersion(), request.lastBatch(), false,
				request.actor(), request.confirm());
		return DryRun.record(this.dataSource, this.config, "rollback", (migrator) -> migrator.rollback(live));
	}

	/**
	 * The SQL {@link #importHistory()} would send, without sending it; see {@link #migrateSql()}.
	 * @throws MigrationAdoptionException when there is nothing to import
	 */
	public SqlScript importSql() {
		return DryRun.record(this.dataSource, this.config, "import", Migrator::importHistory);
	}

	/**
	 * Every migration with its state; never takes the lock, never writes. The history rows are
	 * read again only when the table changed since the last call (one aggregate query tells).
	 */
	public MigrationStatus status() {
		MigrationRun run = this.runs.startUnreported("status");
		Plan plan = run.planForStatus();
		Target target = run.target();
		return new MigrationStatus(target.database(), target.schema(), plan.currentVersion(), plan.infos(),
				target.readLock());
	}

}
