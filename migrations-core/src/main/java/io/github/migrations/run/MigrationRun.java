package io.github.migrations.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.migrations.CommitTimeoutException;
import io.github.migrations.Direction;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationCallback.Event;
import io.github.migrations.LockTimeoutException;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.execute.ExecutionSettings;
import io.github.migrations.execute.MigrationExecutor;
import io.github.migrations.execute.MigrationHook;
import io.github.migrations.lock.LockLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one operation: the operation, its start, its target and local migrations, how long
 * it waited for the lock, its batch and the migrations that ran. Each operation is a short script
 * over a run ({@link Migrator}, {@link io.github.migrations.rollback}); the run holds the steps
 * they share:
 * <ol>
 * <li>the target and the local migrations, resolved on first use (the files, placeholders and
 * callbacks in {@link RunFiles});</li>
 * <li>the plan, from one of three history reads (plain, the light one before the lock, the one
 * under the lock that creates the table), a schema without history adopted on the way
 * ({@link RunAdoption});</li>
 * <li>the gates before the lock ({@link Gates});</li>
 * <li>the lock: schema and lock table created on the way, the wait measured and reported, the
 * work done under the lease and the lease closed after it;</li>
 * <li>each migration with its events, its slow-migration watch and its log line;</li>
 * <li>{@link #finish}: the {@link RunResult} and, for a run the listeners were told of, the
 * {@code runFinished} event.</li>
 * </ol>
 * Not thread-safe: one thread runs it.
 */
public final class MigrationRun {

	// the run's lines keep the category operators know from the facade
	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	/** The operations that write, refused on a standby before they send anything. */
	private static final Set<String> WRITES = Set.of("migrate", "rollback", "repair", "baseline", "import");

	private final Runs runs;

	private final MigratorConfig config;

	private final String operation;

	private final boolean reported;

	private final Instant started = Instant.now();

	private final List<MigrationDescriptor> migrations = new ArrayList<>();

	private final RunFiles files;

	private @Nullable Target target;

	private Duration lockWait = Duration.ZERO;

	private @Nullable RunAdoption adoption;

	private int batch;

	MigrationRun(Runs runs, String operation, boolean reported) {
		this.runs = runs;
		this.config = runs.config;
		this.operation = operation;
		this.reported = reported;
		this.files = new RunFiles(runs, operation, this.started, this::target);
	}

	public Instant started() {
		return this.started;
	}

	/**
	 * The database and schema this run works on, detected on first use.
	 */
	public Target target() {
		Target target = this.target;
		if (target == null) {
			target = Target.detect(this.runs.dataSource, this.config, this.runs.owner);
			this.target = target;
			// a dry run's migrate sends only reads; every other operation here writes (a dry
			// rollback or repair records its audit row)
			if (WRITES.contains(this.operation) && !(this.runs.dataSource instanceof DryRunDataSource)) {
				target.requireWritable(this.operation);
			}
		}
		return target;
	}

	/**
	 * The local migrations (files and Java) for the target's database, read on first use.
	 */
	public List<ResolvedMigration> local() {
		return this.files.local();
	}

	/**
	 * Runs the callbacks of a run-level event on a connection of their own; none, and no
	 * connection, when nothing handles it.
	 * @param failure what failed the run, for {@code afterMigrateError}
	 */
	public void callback(MigrationCallback.Event event, @Nullable Throwable failure) {
		if (!this.files.read() && event == Event.AFTER_MIGRATE_ERROR) {
			// the run failed before its files were read (the database, a malformed file): no
			// callback is known, and reading them again would only fail again
			return;
		}
		Callbacks callbacks = this.files.callbacks();
		if (callbacks.handles(event)) {
			target().inConnection((c) -> {
				callbacks.run(event, c, failure);
				return null;
			});
		}
	}

	/**
	 * Looks at a schema without history before the {@code beforeMigrate} callbacks run, as Flyway
	 * does ({@link RunAdoption#lookBeforeCallbacks}); only when such a callback exists (the look
	 * costs a catalog query).
	 */
	public void lookBeforeCallbacks() {
		if (this.files.callbacks().handles(Event.BEFORE_MIGRATE)) {
			adoption().lookBeforeCallbacks();
		}
	}

	/**
	 * Whether this run applied or reverted a migration.
	 */
	public boolean changedAnything() {
		return !this.migrations.isEmpty();
	}

	/**
	 * The plan from the whole history, read without the lock and without writing; before the
	 * first run, from what the first run will adopt (a foreign history, a baseline).
	 */
	public Plan plan() {
		RunAdoption adoption = adoption();
		return Plan.of(local(), adoption.orAdopted(adoption.read(target()::readAllHistory), false), this.config);
	}

	/**
	 * {@link #plan()} for a status read: the history rows, and the plan itself, are those of the
	 * last status read of this {@link io.github.migrations.Migrator} while the table's fingerprint
	 * and the local migrations are unchanged ({@link HistoryCache}).
	 */
	public Plan planForStatus() {
		RunAdoption adoption = adoption();
		List<ResolvedMigration> local = local();
		Target.History history = adoption.orAdopted(adoption.read(() -> this.runs.history.read(target())), false);
		return this.runs.history.plan(local, history, () -> Plan.of(local, history, this.config));
	}

	/**
	 * The plan from the light history read, without the lock: enough to tell whether there is
	 * anything to do and what is pending, not to apply (that plan is made under the lock).
	 * @throws MigrationAdoptionException when the schema has tables of its own and nothing to
	 * adopt them with
	 */
	public Plan planWithoutLock() {
		List<ResolvedMigration> local = local();
		boolean repeatables = local.stream().anyMatch((m) -> m.kind() == MigrationKind.REPEATABLE);
		RunAdoption adoption = adoption();
		return Plan.of(local,
				adoption.orAdopted(adoption.read(() -> target().readHistoryForCheck(repeatables)), true), this.config);
	}

	/**
	 * The plan to apply: first, when the history table does not exist, the schema is adopted (a
	 * foreign history imported, or a baseline recorded, or the run refused: see
	 * {@link Adoption}); then the history table is created if missing and read, under the lock.
	 */
	public Plan planUnderLock(LockLease lease) {
		RunAdoption adoption = adoption();
		adoption.adoptUnderLock(lease);
		return Plan.of(local(), adoption.read(target()::createAndReadAllHistory), this.config);
	}

	/**
	 * Records a baseline at {@code version} under the lock (see {@link Adoption#baseline}).
	 */
	public void baseline(MigrationVersion version) {
		RunAdoption adoption = adoption();
		underLock((lease) -> {
			adoption.baseline(version, lease);
			return null;
		});
		logger.info("Recorded a baseline at version {} in {}: migrations up to it will not run", version,
				target().history().qualifiedTable());
	}

	/**
	 * Imports a foreign history under the lock, and applies nothing (see
	 * {@link RunAdoption#importOnly}).
	 */
	public ImportedHistory importHistory() {
		RunAdoption adoption = adoption();
		return underLock(adoption::importOnly);
	}

	/**
	 * Whether the run must take the lock: something is pending, validation finds a problem (it
	 * is reported under the lock, after a fresh read), or the schema is to be adopted.
	 */
	public boolean needsLock(Plan plan) {
		return (this.adoption != null && this.adoption.pending()) || !plan.pending().isEmpty()
				|| !plan.problems(this.config.isValidateOnMigrate(), true).isEmpty();
	}

	private RunAdoption adoption() {
		RunAdoption adoption = this.adoption;
		if (adoption == null) {
			adoption = new RunAdoption(target(), this.runs, this::local);
			this.adoption = adoption;
		}
		return adoption;
	}

	/**
	 * Says that nothing is pending: the run's INFO line when it applies nothing.
	 */
	public void upToDate() {
		logger.info("Schema {} is up to date ({} migrations, none pending)", target().schema(), local().size());
	}

	/**
	 * Lints the pending migrations and runs the pre-flight checks on them, before the lock; throws
	 * when either gate fails the run (see {@link Gates}).
	 */
	public void passGates(List<ResolvedMigration> pending) {
		passGates(pending, false);
	}

	/**
	 * Lints the pending migrations and runs the pre-flight checks on them, before the lock; on a
	 * fresh database the linter takes a table created by an earlier pending migration as new.
	 * @param freshDatabase whether nothing is applied yet ({@link Plan#nothingApplied()})
	 */
	public void passGates(List<ResolvedMigration> pending, boolean freshDatabase) {
		new Gates(this.config, this.runs.events).pass(target(), pending, freshDatabase);
	}

	/**
	 * Applies the pending migrations under the lock, all in one new batch, after checking that
	 * every one of them splits and that the schema has no INVALID index left. Before the first
	 * repeatable migration, a history table from before repeatables is let to hold their rows.
	 */
	public void applyAll(List<ResolvedMigration> pending, LockLease lease) {
		applyAll(pending, (migration) -> null, lease);
	}

	/**
	 * {@link #applyAll(List, LockLease)}, each migration from the statement the plan says it
	 * resumes from (after a repair in mode resume; {@code null}: all of them). Where DDL commits by
	 * itself, a history table from before per-statement progress first gets its columns.
	 */
	public void applyAll(List<ResolvedMigration> pending, Function<ResolvedMigration, @Nullable Integer> resumeFrom,
			LockLease lease) {
		Target target = target();
		MigrationExecutor executor = executor();
		pending.forEach(executor::check);
		target.checkInvalidIndexes(this.config.isCleanupInvalidIndexes(), lease);
		if (pending.stream().anyMatch((m) -> m.kind() == MigrationKind.REPEATABLE)
				&& target.inConnection(target.history()::allowRepeatables)) {
			logger.info("Let the version column of {} hold NULL, for the rows of repeatable migrations",
					target.history().qualifiedTable());
		}
		if (!target.dialect().supportsTransactionalDdl() && target.inConnection(target.history()::allowProgress)) {
			logger.info("Added the per-statement progress columns to {}", target.history().qualifiedTable());
		}
		this.batch = target.inConnection(target.history()::nextBatch);
		MigrationHook hook = this.files.callbacks().eachMigrationHook();
		try (executor) {
			List<ResolvedMigration> group = new ArrayList<>();
			for (ResolvedMigration migration : pending) {
				Integer from = resumeFrom.apply(migration);
				if (this.config.isGroup() && executor.groupable(migration, hook, from)) {
					group.add(migration);
					continue;
				}
				// a migration that cannot join a group ends it and runs by itself
				runGroup(group, executor, lease);
				if (from != null) {
					logger.info("Resuming {} from its statement {} (the ones before it took effect in the run that failed)",
							migration.descriptor().label(), from + 1);
				}
				runOne(migration.descriptor(), Direction.UP,
						() -> executor.apply(migration, this.batch, lease, hook, from));
			}
			runGroup(group, executor, lease);
		}
		MigrationVersion now = null;
		for (MigrationDescriptor migration : this.migrations) {
			now = (migration.version() != null) ? migration.version() : now;
		}
		logger.info("Applied {} migration{} to schema {} in batch {}{}", this.migrations.size(),
				(this.migrations.size() == 1) ? "" : "s", target.schema(), this.batch,
				(now != null) ? "; now at version " + now : "");
	}

	/**
	 * Refuses group mode where a group could not be all or nothing: on a database whose DDL commits
	 * by itself, or whose driver cannot pipeline a group's transaction (everything but
	 * PostgreSQL). Before anything is read or locked, and before the {@code beforeMigrate} callbacks.
	 */
	public void refuseUnsupportedGroup() {
		if (this.config.isGroup() && !target().dialect().pipelines()) {
			throw new MigrationException("Group mode (migrations.group=true) is not supported on "
					+ target().dialect().vendor() + ": it applies a run's migrations in one transaction, all or none, "
					+ "which needs DDL that takes part in transactions (PostgreSQL); here DDL commits by itself, so "
					+ "a failed group would leave the migrations before the failure applied",
					"Set migrations.group=false (MigratorConfig.Builder.group(false)) for this database; each "
							+ "migration then runs in a transaction of its own.");
		}
	}

	/**
	 * Runs the migrations gathered for a group (group mode) and empties the list: two or more in
	 * one transaction ({@link MigrationExecutor#applyGroup}), one by itself. The listeners hear of
	 * each migration's start, and of its success or failure when the group ends (with its share of
	 * the group's time: the history records each one's own, as the server measured it); the slow
	 * watch and the INFO lines say it was a group.
	 */
	private void runGroup(List<ResolvedMigration> group, MigrationExecutor executor, LockLease lease) {
		if (group.isEmpty()) {
			return;
		}
		if (group.size() == 1) {
			ResolvedMigration only = group.remove(0);
			runOne(only.descriptor(), Direction.UP, () -> executor.apply(only, this.batch, lease));
			return;
		}
		List<MigrationDescriptor> members = group.stream().map(ResolvedMigration::descriptor).toList();
		MigrationDescriptor first = members.get(0);
		String label = "group of " + members.size() + " migrations from " + first.label() + " to "
				+ members.get(members.size() - 1).label();
		MigrationEvents events = this.runs.events;
		members.forEach((migration) -> events.migrationStarted(migration, Direction.UP));
		long started = System.nanoTime();
		try (SlowMigrationWatch watch = SlowMigrationWatch.start(new MigrationDescriptor(first.version(),
				first.name() + " (first of the " + label + ")", first.kind(), first.script()), Direction.UP,
				this.config.getSlowThreshold(), events)) {
			long millis = executor.applyGroup(List.copyOf(group), this.batch, lease);
			Duration share = Duration.ofNanos(System.nanoTime() - started).dividedBy(members.size());
			for (MigrationDescriptor migration : members) {
				events.migrationSucceeded(migration, Direction.UP, share);
				logger.info("Applied {} (in a group)", migration.label());
			}
			logger.info("Applied the {} in one transaction ({} ms)", label, millis);
		}
		catch (RuntimeException ex) {
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			members.forEach((migration) -> events.migrationFailed(migration, Direction.UP, elapsed, ex));
			throw ex;
		}
		finally {
			group.clear();
		}
		this.migrations.addAll(members);
	}

	public MigrationExecutor executor() {
		Target target = target();
		return new MigrationExecutor(this.runs.dataSource, target.dialect(), target.history(),
				new ExecutionSettings(this.config.getLockTimeout(), this.config.getStatementTimeout(),
						this.config.getLockRetries(), this.config.getInstalledBy(), this.runs.owner,
						this.config.getCommitTimeout(), this.config.getBackfillMaxReplicationLag()),
				this.runs.events);
	}

	/**
	 * Runs one migration in one direction: the listeners hear of its start and its end, a slow
	 * one is reported while it runs, and one INFO line says how long it took. On success it is
	 * one of the run's migrations.
	 * @param step runs it and returns its execution time in milliseconds
	 */
	public void runOne(MigrationDescriptor migration, Direction direction, LongSupplier step) {
		MigrationEvents events = this.runs.events;
		events.migrationStarted(migration, direction);
		long started = System.nanoTime();
		try (SlowMigrationWatch watch = SlowMigrationWatch.start(migration, direction, this.config.getSlowThreshold(),
				events)) {
			long millis = step.getAsLong();
			events.migrationSucceeded(migration, direction, Duration.ofNanos(System.nanoTime() - started));
			logger.info("{} {} ({} ms)", (direction == Direction.UP) ? "Applied" : "Reverted", migration.label(),
					millis);
		}
		catch (RuntimeException ex) {
			// the commit watch does not know which migration it watched
			RuntimeException failure = (ex instanceof CommitTimeoutException timeout && timeout.isAnonymous())
					? timeout.of(migration.label()) : ex;
			events.migrationFailed(migration, direction, Duration.ofNanos(System.nanoTime() - started), failure);
			throw failure;
		}
		this.migrations.add(migration);
	}

	/**
	 * Takes the lock, does the work under it and releases it.
	 * @return what the work returns
	 */
	public <T> T underLock(Function<LockLease, T> work) {
		try (LockLease lease = acquire(() -> true).orElseThrow()) {
			recordInterrupted(lease);
			return work.apply(lease);
		}
	}

	/**
	 * Takes the lock and does the work under it; while waiting, asks {@code stillNeeded} between
	 * attempts (without the lock) and returns without the lock, and without the work, once it says
	 * no: runners that start together then do not each take the lock in turn just to find that
	 * the first one applied everything.
	 */
	public void underLock(BooleanSupplier stillNeeded, Consumer<LockLease> work) {
		Optional<LockLease> acquired = acquire(stillNeeded);
		if (acquired.isPresent()) {
			try (LockLease lease = acquired.get()) {
				recordInterrupted(lease);
				work.accept(lease);
			}
		}
	}

	/**
	 * Where the previous holder of the lock stopped in the middle of a migration that runs
	 * statement by statement, records it failed with the statements that took effect (see
	 * {@link MigrationExecutor#recordInterrupted}), before the work reads the history.
	 */
	private void recordInterrupted(LockLease lease) {
		LockLease.Interrupted interrupted = lease.interrupted();
		if (interrupted != null) {
			try (MigrationExecutor executor = executor()) {
				executor.recordInterrupted(interrupted, local(), lease);
			}
		}
	}

	/**
	 * Creates the schema (when configured) and the lock table if needed, and waits for the lock.
	 * No {@code lockWaited} event when {@code stillNeeded} ended the wait: the lock was neither
	 * acquired nor timed out.
	 */
	private Optional<LockLease> acquire(BooleanSupplier stillNeeded) {
		Target target = target();
		if (this.config.getSchema() != null) {
			target.createSchema();
		}
		target.lock().createIfMissing();
		long waitStarted = System.nanoTime();
		Optional<LockLease> acquired;
		try {
			acquired = target.lock().acquire(stillNeeded);
		}
		catch (LockTimeoutException ex) {
			this.lockWait = Duration.ofNanos(System.nanoTime() - waitStarted);
			this.runs.events.lockWaited(this.lockWait, false);
			throw ex;
		}
		this.lockWait = Duration.ofNanos(System.nanoTime() - waitStarted);
		if (acquired.isEmpty()) {
			logger.info("Schema {} is up to date: another runner applied the pending migrations while this one "
					+ "waited {} ms for the lock", target.schema(), this.lockWait.toMillis());
			return acquired;
		}
		this.runs.events.lockWaited(this.lockWait, true);
		logger.debug("Acquired the migration lock (fence {}) after {} ms", acquired.get().fence(),
				this.lockWait.toMillis());
		return acquired;
	}

	/**
	 * Runs the script and finishes the run, with the script's failure if it throws (rethrown).
	 */
	public RunResult complete(Runnable script) {
		try {
			script.run();
		}
		catch (RuntimeException ex) {
			finish(ex);
			throw ex;
		}
		return finish(null);
	}

	/**
	 * Ends the run: what it did, reported to the listeners if they were told it started.
	 * @param failure what ended it, or {@code null}
	 */
	public RunResult finish(@Nullable Throwable failure) {
		RunResult result = new RunResult(this.operation, this.started, Instant.now(), this.lockWait, this.batch,
				List.copyOf(this.migrations), failure,
				(this.adoption != null) ? this.adoption.imported() : null);
		if (this.reported) {
			this.runs.events.runFinished(result);
		}
		return result;
	}

}
