package io.github.migrations;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import io.github.migrations.discovery.MigrationScanner;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.execute.ExecutionSettings;
import io.github.migrations.execute.InvalidIndexes;
import io.github.migrations.execute.MigrationExecutor;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.RollbackAudit;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.lock.LockInfo;
import io.github.migrations.lock.LockLease;
import io.github.migrations.lock.TableMigrationLock;
import io.github.migrations.parse.ScriptSection;
import io.github.migrations.preflight.PreflightRunner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one orchestrator. A migrate run:
 * <ol>
 * <li>reads the local migrations (files and Java), so a malformed file fails before the database
 * is touched;</li>
 * <li>reads the history without the lock: when it is valid and nothing is pending, returns at once
 * (the common start of an app instance: no lock, no writes);</li>
 * <li>lints the pending migrations and runs the pre-flight checks, still without the lock, so that
 * a failing lint (in fail mode) or a blocking finding stops the run with nothing created;</li>
 * <li>otherwise creates the lock table if needed and takes the lock (lease, heartbeat,
 * fencing); between two attempts it reads the history again (no lock) and returns, up to date,
 * once another runner applied everything;</li>
 * <li>creates the history table if missing and reads it again, now under the lock;</li>
 * <li>validates: a dirty database always stops the run; edited, missing and out-of-order
 * migrations stop it unless configured otherwise;</li>
 * <li>plans the pending migrations in version order (up to the target) and applies each in its own
 * transaction together with its history row, all with one batch number;</li>
 * <li>releases the lock.</li>
 * </ol>
 * Rollback follows the same lock and fencing; {@link #status()} never takes the lock.
 */
public final class Migrator {

	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private final DataSource dataSource;

	private final MigratorConfig config;

	private final MigrationEvents events;

	private volatile @Nullable ScannedMigrations scanned;

	public Migrator(DataSource dataSource, MigratorConfig config) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.config = Objects.requireNonNull(config, "config");
		this.events = new MigrationEvents(config.getListeners());
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
	 * @throws MigrationException on any failure (validation, lock, execution)
	 */
	public RunResult migrate() {
		Instant started = Instant.now();
		this.events.runStarted("migrate");
		List<MigrationDescriptor> applied = new ArrayList<>();
		Duration[] lockWait = { Duration.ZERO };
		int[] batch = { 0 };
		try {
			Target target = target();
			List<ResolvedMigration> local = scan(target.dialect);
			// one read of the history before the lock serves the up-to-date check, the linter and
			// the pre-flight checks; under the lock it is read again (another runner may have
			// applied some in between)
			Plan unlocked = planWithoutLock(target, local);
			if (!needsLock(unlocked)) {
				logger.info("Schema {} is up to date ({} migrations, none pending)", target.schema, local.size());
				return finish("migrate", started, lockWait[0], 0, applied, null);
			}
			lint(target, unlocked.pending());
			preflight(target, unlocked.pending());
			withLock(target, lockWait, () -> needsLock(planWithoutLock(target, local)), (lease) -> {
				SchemaHistory history = target.history;
				List<AppliedMigration> rows = inConnection((c) -> {
					history.createIfMissing(c);
					return history.readAll(c);
				});
				Plan plan = Plan.of(local, rows, this.config);
				plan.validate(this.config.isValidateOnMigrate(), true);
				if (plan.pending().isEmpty()) {
					logger.info("Schema {} is up to date ({} migrations, none pending)", target.schema, local.size());
					return;
				}
				MigrationExecutor executor = executor(target);
				plan.pending().forEach(executor::check);
				inConnection((c) -> InvalidIndexes.check(c, target.dialect, target.schema,
						this.config.isCleanupInvalidIndexes(), lease));
				batch[0] = inConnection(history::nextBatch);
				for (ResolvedMigration migration : plan.pending()) {
					runOne(migration.descriptor(), Direction.UP,
							() -> executor.apply(migration, batch[0], lease));
					applied.add(migration.descriptor());
				}
				logger.info("Applied {} migration{} to schema {} in batch {}; now at version {}", applied.size(),
						(applied.size() == 1) ? "" : "s", target.schema, batch[0],
						applied.get(applied.size() - 1).version());
			});
			return finish("migrate", started, lockWait[0], batch[0], applied, null);
		}
		catch (RuntimeException ex) {
			finish("migrate", started, lockWait[0], batch[0], applied, ex);
			throw ex;
		}
	}

	/**
	 * Lints the pending migrations before the lock is taken, so that {@link LintMode#FAIL} stops
	 * a run before anything (lock table included) is created or changed.
	 */
	private void lint(Target target, List<ResolvedMigration> pending) {
		if (this.config.getLint() == LintMode.OFF || !"postgresql".equals(target.dialect.vendor())) {
			return;
		}
		List<LintViolation> violations = MigrationLinter.postgres().lint(pending);
		this.events.migrationsLinted(violations);
		if (this.config.getLint() == LintMode.FAIL && violations.stream().anyMatch((v) -> v.severity().failsRun())) {
			throw new MigrationLintException(violations.stream().filter((v) -> v.severity().failsRun()).toList());
		}
		violations.forEach((v) -> logger.warn("{}:{} {} {}", v.script(), v.line(), v.ruleId(), v.message()));
	}

	/**
	 * Runs the pre-flight checks on the pending migrations before the lock is taken, so that a
	 * blocking finding stops the run with nothing created or changed and no lock held (see
	 * {@link PreflightRunner}).
	 */
	private void preflight(Target target, List<ResolvedMigration> pending) {
		if (!this.config.getPreflight().isEnabled() || pending.isEmpty()) {
			return;
		}
		inConnection((c) -> {
			PreflightRunner.run(c, target.dialect, target.schema, pending, this.config, this.events);
			return null;
		});
	}

	/**
	 * Checks applied migrations against local ones without changing anything or taking the lock.
	 * @param allowPending whether pending migrations are acceptable
	 * @throws MigrationValidationException listing every problem
	 */
	public void validate(boolean allowPending) {
		Target target = target();
		List<ResolvedMigration> local = scan(target.dialect);
		List<AppliedMigration> rows = readHistory(target);
		Plan plan = Plan.of(local, rows, this.config);
		plan.validate(true, allowPending);
		inConnection((c) -> InvalidIndexes.check(c, target.dialect, target.schema, false, null));
	}

	/**
	 * Clears the rows of migrations that failed part-way (dirty), under the lock, so that they run
	 * again. Fix their cause and make them safe to re-run first.
	 * @return how many rows were removed
	 */
	public int repair() {
		Target target = target();
		int[] removed = { 0 };
		withLock(target, new Duration[1], (lease) -> removed[0] = inConnection((c) -> {
			target.history.createIfMissing(c);
			return target.history.deleteFailed(c);
		}));
		logger.info("Repair removed {} failed migration row(s) from {}", removed[0], target.history.qualifiedTable());
		return removed[0];
	}

	/**
	 * Reverts applied migrations from the Down SQL stored when they were applied, newest first,
	 * under the lock; or, for a dry run, returns the plan without changing anything.
	 * @throws MigrationException when the request cannot be satisfied (irreversible migration in
	 * the way, unknown version, too many steps, dirty database); nothing is changed then
	 */
	public RollbackResult rollback(RollbackRequest request) {
		Instant started = Instant.now();
		// a dry run is not a run: it ends without runFinished, so it must not start one either
		if (!request.dryRun()) {
			this.events.runStarted("rollback");
		}
		Target target;
		List<ResolvedMigration> local;
		try {
			target = target();
			local = scan(target.dialect);
		}
		catch (RuntimeException ex) {
			if (!request.dryRun()) {
				finish("rollback", started, Duration.ZERO, 0, List.of(), ex);
			}
			throw ex;
		}
		List<String> warnings = new ArrayList<>();
		List<RollbackStep> done = new ArrayList<>();
		List<MigrationDescriptor> reverted = new ArrayList<>();
		Duration[] lockWait = { Duration.ZERO };
		String what = describe(request);
		try {
			if (request.dryRun()) {
				List<AppliedMigration> selected = RollbackPlanner.select(request, readHistory(target), local, warnings);
				List<RollbackStep> steps = selected.stream().map((row) -> step(row, local)).toList();
				audit(target, request, what, steps, "DRY_RUN", null);
				logger.info("Rollback dry run by {} ({}): would revert {}", request.actor(), what, versions(steps));
				return new RollbackResult(true, steps, Duration.between(started, Instant.now()), warnings);
			}
			withLock(target, lockWait, (lease) -> {
				List<AppliedMigration> rows = inConnection((c) -> {
					target.history.createIfMissing(c);
					return target.history.readAll(c);
				});
				List<AppliedMigration> selected = RollbackPlanner.select(request, rows, local, warnings);
				warnings.forEach(logger::warn);
				MigrationExecutor executor = executor(target);
				for (AppliedMigration row : selected) {
					RollbackStep step = step(row, local);
					ResolvedMigration file = local.stream()
						.filter((m) -> m.version().equals(row.version()))
						.findFirst()
						.orElse(null);
					MigrationDescriptor descriptor = new MigrationDescriptor(row.version(), row.name(), row.kind(),
							(file != null) ? file.location() : "stored Down section of " + row.version());
					int firstLine = downLine(file, row);
					runOne(descriptor, Direction.DOWN, () -> executor.revert(row, descriptor,
							(file != null) ? file.javaMigration() : null, lease, firstLine));
					done.add(step);
					reverted.add(descriptor);
				}
			});
			audit(target, request, what, done, "SUCCESS", null);
			logger.info("Rollback by {} ({}) reverted {}", request.actor(), what, versions(done));
			finish("rollback", started, lockWait[0], 0, reverted, null);
			return new RollbackResult(false, List.copyOf(done), Duration.between(started, Instant.now()), warnings);
		}
		catch (RuntimeException ex) {
			String outcome = (ex instanceof RollbackRefusedException) ? "REFUSED" : "FAILURE";
			auditQuietly(target, request, what, done, outcome, ex.getMessage());
			logger.info("Rollback by {} ({}) ended with {} after reverting {}", request.actor(), what, outcome,
					versions(done));
			if (!request.dryRun()) {
				finish("rollback", started, lockWait[0], 0, reverted, ex);
			}
			throw ex;
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
		return (down != null && down.text().equals(row.rollbackSql())) ? down.firstLine() : 1;
	}

	private RollbackStep step(AppliedMigration row, List<ResolvedMigration> local) {
		if (row.kind() == MigrationKind.JAVA) {
			boolean transactional = local.stream()
				.filter((m) -> m.version().equals(row.version()) && m.javaMigration() != null)
				.findFirst()
				.map((m) -> m.javaMigration().isTransactional())
				.orElse(true);
			return new RollbackStep(row.version(), row.name(), row.kind(), "Java migration", transactional);
		}
		return new RollbackStep(row.version(), row.name(), row.kind(),
				(row.rollbackSql() != null) ? row.rollbackSql().strip() : "", row.downTransactional());
	}

	private void audit(Target target, RollbackRequest request, String what, List<RollbackStep> steps, String outcome,
			@Nullable String message) {
		inConnection((c) -> {
			boolean autoCommit = c.getAutoCommit();
			target.audit().record(c, request.actor(), what, versions(steps), outcome, message);
			if (!autoCommit) {
				c.commit();
			}
			return null;
		});
	}

	private void auditQuietly(Target target, RollbackRequest request, String what, List<RollbackStep> steps,
			String outcome, @Nullable String message) {
		try {
			audit(target, request, what, steps, outcome, message);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the rollback in {}", target.audit().qualifiedTable(), ex);
		}
	}

	private static String describe(RollbackRequest request) {
		String what = (request.steps() > 0) ? "steps=" + request.steps()
				: (request.toVersion() != null) ? "toVersion=" + request.toVersion() : "lastBatch";
		return request.dryRun() ? what + ", dryRun" : what;
	}

	private static String versions(List<RollbackStep> steps) {
		return steps.isEmpty() ? "nothing"
				: String.join(", ", steps.stream().map((s) -> s.version().toString()).toList());
	}

	/**
	 * Every migration with its state; never takes the lock, never writes.
	 */
	public MigrationStatus status() {
		Target target = target();
		List<ResolvedMigration> local = scan(target.dialect);
		List<AppliedMigration> rows = readHistory(target);
		Plan plan = Plan.of(local, rows, this.config);
		LockInfo lock = null;
		try {
			lock = target.lock.read();
		}
		catch (RuntimeException ex) {
			logger.debug("Lock table not readable (not created yet?)", ex);
		}
		return new MigrationStatus(target.database, target.schema, plan.currentVersion(), plan.infos(), lock);
	}

	private void runOne(MigrationDescriptor migration, Direction direction, Step step) {
		this.events.migrationStarted(migration, direction);
		long started = System.nanoTime();
		try (SlowMigrationWatch watch = SlowMigrationWatch.start(migration, direction,
				this.config.getSlowThreshold(), this.events)) {
			long millis = step.run();
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			this.events.migrationSucceeded(migration, direction, took);
			logger.info("{} {} {} ({} ms)", (direction == Direction.UP) ? "Applied" : "Reverted", migration.version(),
					migration.name(), millis);
		}
		catch (RuntimeException ex) {
			this.events.migrationFailed(migration, direction, Duration.ofNanos(System.nanoTime() - started), ex);
			throw ex;
		}
	}

	/**
	 * The plan from the light history read, without the lock: enough to tell whether there is
	 * anything to do and what is pending, not to apply (that plan is made under the lock).
	 */
	private Plan planWithoutLock(Target target, List<ResolvedMigration> local) {
		return Plan.of(local, inConnection(target.history::readForCheckIfExists), this.config);
	}

	private boolean needsLock(Plan plan) {
		// Validation problems are reported under the lock, after a fresh read.
		return !plan.pending().isEmpty() || !plan.problems(this.config.isValidateOnMigrate(), true).isEmpty();
	}

	private void withLock(Target target, Duration[] lockWait, Consumer<LockLease> work) {
		withLock(target, lockWait, () -> true, work);
	}

	/**
	 * Takes the lock and does the work under it; while waiting, asks {@code stillNeeded} between
	 * attempts (without the lock) and returns without the lock, and without the work, once it says
	 * no: runners that start together then do not each take the lock in turn just to find that
	 * the first one applied everything. No {@code lockWaited} event then: the lock was neither
	 * acquired nor timed out.
	 */
	private void withLock(Target target, Duration[] lockWait, BooleanSupplier stillNeeded, Consumer<LockLease> work) {
		createSchemaIfConfigured(target.dialect);
		target.lock.createIfMissing();
		long waitStarted = System.nanoTime();
		LockLease lease;
		try {
			Optional<LockLease> acquired = target.lock.acquire(stillNeeded);
			lockWait[0] = Duration.ofNanos(System.nanoTime() - waitStarted);
			if (acquired.isEmpty()) {
				logger.info("Schema {} is up to date: another runner applied the pending migrations while this one "
						+ "waited {} ms for the lock", target.schema, lockWait[0].toMillis());
				return;
			}
			lease = acquired.get();
		}
		catch (LockTimeoutException ex) {
			lockWait[0] = Duration.ofNanos(System.nanoTime() - waitStarted);
			this.events.lockWaited(lockWait[0], false);
			throw ex;
		}
		this.events.lockWaited(lockWait[0], true);
		try (lease) {
			logger.debug("Acquired the migration lock (fence {}) after {} ms", lease.fence(), lockWait[0].toMillis());
			work.accept(lease);
		}
	}

	/**
	 * Creates the configured schema, only on the way to taking the lock: status reads and runs
	 * with nothing pending never write, not even {@code CREATE SCHEMA IF NOT EXISTS}.
	 */
	private void createSchemaIfConfigured(Dialect dialect) {
		String schema = this.config.getSchema();
		if (schema == null) {
			return;
		}
		inConnection((c) -> {
			try (Statement statement = c.createStatement()) {
				statement.execute(dialect.createSchema(dialect.quote(schema)));
			}
			if (!c.getAutoCommit()) {
				c.commit();
			}
			return null;
		});
	}

	private RunResult finish(String operation, Instant started, Duration lockWait, int batch,
			List<MigrationDescriptor> applied, @Nullable Throwable failure) {
		RunResult result = new RunResult(operation, started, Instant.now(), lockWait, batch, List.copyOf(applied),
				failure);
		this.events.runFinished(result);
		return result;
	}

	private List<ResolvedMigration> scan(Dialect dialect) {
		// Classpath resources do not change while the application runs: scan (and checksum) them
		// once per Migrator, so status calls and repeated runs stay cheap. Filesystem locations
		// are read every time, since they may be edited in place.
		ScannedMigrations cached = this.scanned;
		if (cached != null && cached.vendor().equals(dialect.vendor())) {
			return cached.migrations();
		}
		List<ResolvedMigration> migrations = new MigrationScanner(this.config.getResourceLoader(),
				this.config.getEncoding())
			.scan(this.config.getLocations(), dialect, this.config.getJavaMigrations());
		boolean classpathOnly = this.config.getLocations()
			.stream()
			.noneMatch((location) -> location.startsWith("filesystem:") || location.startsWith("file:"));
		if (classpathOnly) {
			this.scanned = new ScannedMigrations(dialect.vendor(), migrations);
		}
		return migrations;
	}

	private List<AppliedMigration> readHistory(Target target) {
		return inConnection(target.history::readAllIfExists);
	}

	private MigrationExecutor executor(Target target) {
		return new MigrationExecutor(this.dataSource, target.dialect, target.history,
				new ExecutionSettings(this.config.getLockTimeout(), this.config.getStatementTimeout(),
						this.config.getLockRetries(), this.config.getInstalledBy(), owner()),
				this.events);
	}

	private Target target() {
		return inConnection((c) -> {
			Dialect dialect = Dialects.detect(c);
			String schema = (this.config.getSchema() != null) ? this.config.getSchema() : dialect.currentSchema(c);
			String database = c.getMetaData().getDatabaseProductName() + " "
					+ c.getMetaData().getDatabaseProductVersion();
			SchemaHistory history = new SchemaHistory(dialect, schema, this.config.getTable());
			String lockTable = dialect.quote(schema) + "." + this.config.getLockTable();
			TableMigrationLock lock = new TableMigrationLock(this.dataSource, dialect.lockSql(), lockTable,
					this.config.getLockLease(), this.config.getLockHeartbeat(), this.config.getLockWaitTimeout(),
					owner());
			return new Target(dialect, schema, database, history, lock);
		});
	}

	private String owner() {
		return this.config.getApplicationName() + ":" + Host.NAME + ":" + ProcessHandle.current().pid();
	}

	private <T> T inConnection(SqlFunction<T> function) {
		try (Connection connection = this.dataSource.getConnection()) {
			return function.apply(connection);
		}
		catch (SQLException ex) {
			throw new MigrationException("Database access failed: " + ex.getMessage()
					+ ((ex.getSQLState() != null) ? " [SQLState " + ex.getSQLState() + "]" : ""),
					"Check that the database is reachable and that the migration user may create and change tables.",
					ex);
		}
		catch (org.springframework.dao.DataAccessException ex) {
			throw new MigrationException("Database access failed: " + ex.getMostSpecificCause().getMessage(),
					"Check that the database is reachable and that the migration user may create and change tables.",
					ex);
		}
	}

	@FunctionalInterface
	private interface SqlFunction<T> {

		T apply(Connection connection) throws SQLException;

	}

	@FunctionalInterface
	private interface Step {

		long run();

	}

	private record ScannedMigrations(String vendor, List<ResolvedMigration> migrations) {
	}

	private record Target(Dialect dialect, String schema, String database, SchemaHistory history,
			TableMigrationLock lock) {

		RollbackAudit audit() {
			return new RollbackAudit(this.dialect, this.history.qualifiedTable() + "_audit");
		}

	}

	private static final class Host {

		static final String NAME = resolve();

		private static String resolve() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				String name = ManagementFactory.getRuntimeMXBean().getName();
				return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown-host";
			}
		}

	}

}
