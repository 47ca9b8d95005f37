package io.github.migrations.run;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import java.sql.Connection;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;

import io.github.migrations.Direction;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationCallback.Event;
import io.github.migrations.LockTimeoutException;
import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.adopt.Adoption;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.execute.ExecutionSettings;
import io.github.migrations.discovery.MigrationScanner.LocalFiles;
import io.github.migrations.execute.MigrationExecutor;
import io.github.migrations.execute.MigrationHook;
import io.github.migrations.parse.Placeholders;
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
 * <li>the target and the local migrations, resolved on first use;</li>
 * <li>the plan, from one of three history reads (plain, the light one before the lock, the one
 * under the lock that creates the table);</li>
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

	/** Flyway's format of {@code ${flyway:timestamp}}. */
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final Runs runs;

	private final MigratorConfig config;

	private final String operation;

	private final boolean reported;

	private final Instant started = Instant.now();

	private final List<MigrationDescriptor> migrations = new ArrayList<>();

	private @Nullable Target target;

	private @Nullable List<ResolvedMigration> local;

	private @Nullable LocalFiles files;

	private @Nullable Placeholders placeholders;

	private @Nullable Callbacks callbacks;

	private Duration lockWait = Duration.ZERO;

	private @Nullable Adoption adoption;

	private boolean adoptionPending;

	private boolean newBeforeCallbacks;

	private @Nullable ImportedHistory imported;

	private int batch;

	MigrationRun(Runs runs, String operation, boolean reported) {
		this.runs = runs;
		this.config = runs.config;
		this.operation = operation;
		this.reported = reported;
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
		}
		return target;
	}

	/**
	 * The local migrations (files and Java) for the target's database, read on first use.
	 */
	public List<ResolvedMigration> local() {
		List<ResolvedMigration> local = this.local;
		if (local == null) {
			local = files().migrations();
			Placeholders placeholders = placeholders();
			if (placeholders.enabled()) {
				// a file with a placeholder gets this run's copy; the others are shared as they are
				List<ResolvedMigration> forRun = new ArrayList<>(local.size());
				for (ResolvedMigration migration : local) {
					forRun.add(migration.forRun(placeholders));
				}
				local = forRun;
			}
			this.local = local;
		}
		return local;
	}

	private LocalFiles files() {
		LocalFiles files = this.files;
		if (files == null) {
			files = this.runs.local.filesFor(target().dialect());
			this.files = files;
		}
		return files;
	}

	/**
	 * The placeholder values of this run: the configured ones and the built-ins, each built-in
	 * computed on first use (the timestamp is the run's start).
	 */
	Placeholders placeholders() {
		Placeholders placeholders = this.placeholders;
		if (placeholders == null) {
			if (!this.config.isPlaceholderReplacement()) {
				placeholders = Placeholders.none();
			}
			else {
				Map<String, Supplier<String>> builtIns = Map.of("defaultSchema", () -> target().schema(), "user",
						() -> target().inConnection((c) -> c.getMetaData().getUserName()), "database",
						() -> target().inConnection(Connection::getCatalog), "timestamp",
						() -> TIMESTAMP.format(this.started.atZone(ZoneId.systemDefault())), "table",
						this.config::getTable);
				placeholders = Placeholders.of(this.config.getPlaceholderPrefix(), this.config.getPlaceholderSuffix(),
						this.config.getPlaceholders(), builtIns);
			}
			this.placeholders = placeholders;
		}
		return placeholders;
	}

	private Callbacks callbacks() {
		Callbacks callbacks = this.callbacks;
		if (callbacks == null) {
			callbacks = new Callbacks(files().callbacks(), this.config.getCallbacks(), target().dialect(),
					placeholders(), this.operation, target().schema());
			this.callbacks = callbacks;
		}
		return callbacks;
	}

	/**
	 * Runs the callbacks of a run-level event on a connection of their own; none, and no
	 * connection, when nothing handles it.
	 * @param failure what failed the run, for {@code afterMigrateError}
	 */
	public void callback(MigrationCallback.Event event, @Nullable Throwable failure) {
		if (this.files == null && event == Event.AFTER_MIGRATE_ERROR) {
			// the run failed before its files were read (the database, a malformed file): no
			// callback is known, and reading them again would only fail again
			return;
		}
		Callbacks callbacks = callbacks();
		if (callbacks.handles(event)) {
			target().inConnection((c) -> {
				callbacks.run(event, c, failure);
				return null;
			});
		}
	}

	/**
	 * Looks at a schema without history before the {@code beforeMigrate} callbacks run, as Flyway
	 * does, so that tables they create do not make a new schema one "with tables of its own": a
	 * schema that must be refused is refused now, and one that is new stays new for this run. Only
	 * when such a callback exists (the look costs a catalog query).
	 */
	public void lookBeforeCallbacks() {
		if (!callbacks().handles(Event.BEFORE_MIGRATE)) {
			return;
		}
		Adoption adoption = adoption();
		Adoption.Finding finding = target()
			.inConnection((c) -> adoption.historyExists(c) ? null : adoption.inspect(c, local()));
		if (finding instanceof Adoption.Refused refused) {
			throw refused.error(target().schema(), target().history().qualifiedTable());
		}
		this.newBeforeCallbacks = finding instanceof Adoption.NewSchema;
	}

	/**
	 * What the schema holds, read now; a schema found new before this run's callbacks stays new.
	 */
	private Adoption.Finding inspect(Adoption adoption, Connection connection) throws SQLException {
		Adoption.Finding finding = adoption.inspect(connection, local());
		return (this.newBeforeCallbacks && finding instanceof Adoption.Refused) ? new Adoption.NewSchema() : finding;
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
		return Plan.of(local(), orAdopted(read(target()::readAllHistory), false), this.config);
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
		return Plan.of(local, orAdopted(read(() -> target().readHistoryForCheck(repeatables)), true), this.config);
	}

	/**
	 * The plan to apply: first, when the history table does not exist, the schema is adopted (a
	 * foreign history imported, or a baseline recorded, or the run refused: see
	 * {@link Adoption}); then the history table is created if missing and read, under the lock.
	 */
	public Plan planUnderLock(LockLease lease) {
		Target target = target();
		Adoption adoption = adoption();
		String actor = (this.config.getInstalledBy() != null) ? this.config.getInstalledBy() : this.runs.owner;
		ImportedHistory imported = target.inConnection((c) -> {
			if (adoption.historyExists(c)) {
				return null;
			}
			Adoption.Finding finding = inspect(adoption, c);
			if (finding instanceof Adoption.Import found) {
				return adoption.importHistory(c, found, lease, actor);
			}
			if (finding instanceof Adoption.Baseline baseline) {
				adoption.baseline(c, baseline.version(), lease, actor);
				logger.info("Schema {} has tables of its own and no history: recorded a baseline at version {} "
						+ "(migrations.baseline-on-migrate); migrations up to it will not run", target.schema(),
						baseline.version());
			}
			if (finding instanceof Adoption.Refused refused) {
				throw refused.error(target.schema(), target.history().qualifiedTable());
			}
			return null;
		});
		if (imported != null) {
			this.imported = imported;
			logger.info("Imported the history: {} into {}; the foreign table is left as it was", imported,
					target.history().qualifiedTable());
			this.runs.events.historyImported(imported);
		}
		return Plan.of(local(), read(target::createAndReadAllHistory), this.config);
	}

	/**
	 * Records a baseline at {@code version} under the lock (see {@link Adoption#baseline}).
	 */
	public void baseline(MigrationVersion version) {
		Target target = target();
		String actor = (this.config.getInstalledBy() != null) ? this.config.getInstalledBy() : this.runs.owner;
		underLock((lease) -> target.inConnection((c) -> {
			adoption().baseline(c, version, lease, actor);
			return null;
		}));
		logger.info("Recorded a baseline at version {} in {}: migrations up to it will not run", version,
				target.history().qualifiedTable());
	}

	/**
	 * Whether the run must take the lock: something is pending, validation finds a problem (it
	 * is reported under the lock, after a fresh read), or the schema is to be adopted.
	 */
	public boolean needsLock(Plan plan) {
		return this.adoptionPending || !plan.pending().isEmpty()
				|| !plan.problems(this.config.isValidateOnMigrate(), true).isEmpty();
	}

	private Adoption adoption() {
		Adoption adoption = this.adoption;
		if (adoption == null) {
			Target target = target();
			adoption = new Adoption(target.dialect(), target.schema(), target.history(), this.config);
			this.adoption = adoption;
		}
		return adoption;
	}

	/**
	 * The history's rows; when there are none because the table does not exist, the rows it will
	 * have once the schema is adopted (and whether that is still to do).
	 * @param refuse whether a schema that cannot be adopted fails here
	 */
	private Target.History orAdopted(Target.History history, boolean refuse) {
		this.adoptionPending = false;
		if (!history.versioned().isEmpty() || !history.repeatables().isEmpty()) {
			return history;
		}
		Adoption adoption = adoption();
		Adoption.Finding finding = target()
			.inConnection((c) -> adoption.historyExists(c) ? null : inspect(adoption, c));
		if (finding == null || finding instanceof Adoption.NewSchema) {
			return history;
		}
		if (finding instanceof Adoption.Refused refused && refuse) {
			throw refused.error(target().schema(), target().history().qualifiedTable());
		}
		this.adoptionPending = true;
		return new Target.History(finding.rows(), finding.repeatables());
	}

	/**
	 * A history read; when it fails because the table under our name is another tool's, the
	 * error says so (golang-migrate's {@code schema_migrations} is our default name).
	 */
	private Target.History read(Supplier<Target.History> read) {
		try {
			return read.get();
		}
		catch (MigrationException ex) {
			if (ex.getCause() instanceof SQLException) {
				try {
					target().inConnection((c) -> {
						adoption().explainFailedRead(c);
						return null;
					});
				}
				catch (MigrationAdoptionException foreign) {
					throw foreign;
				}
				catch (RuntimeException unexplained) {
					// the database cannot say either: the read's own failure is the one to report
					ex.addSuppressed(unexplained);
				}
			}
			throw ex;
		}
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
		new Gates(this.config, this.runs.events).pass(target(), pending);
	}

	/**
	 * Applies the pending migrations under the lock, all in one new batch, after checking that
	 * every one of them splits and that the schema has no INVALID index left. Before the first
	 * repeatable migration, a history table from before repeatables is let to hold their rows.
	 */
	public void applyAll(List<ResolvedMigration> pending, LockLease lease) {
		Target target = target();
		MigrationExecutor executor = executor();
		pending.forEach(executor::check);
		target.checkInvalidIndexes(this.config.isCleanupInvalidIndexes(), lease);
		if (pending.stream().anyMatch((m) -> m.kind() == MigrationKind.REPEATABLE)
				&& target.inConnection(target.history()::allowRepeatables)) {
			logger.info("Let the version column of {} hold NULL, for the rows of repeatable migrations",
					target.history().qualifiedTable());
		}
		this.batch = target.inConnection(target.history()::nextBatch);
		MigrationHook hook = eachMigrationHook();
		for (ResolvedMigration migration : pending) {
			runOne(migration.descriptor(), Direction.UP, () -> executor.apply(migration, this.batch, lease, hook));
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
	 * The per-migration callbacks as work around each migration ({@link MigrationHook#NONE} when
	 * there are none); the callback files that run from here on are read and split first, so that
	 * a malformed one fails the run before the first migration.
	 */
	private MigrationHook eachMigrationHook() {
		Callbacks callbacks = callbacks();
		callbacks.check(Event.BEFORE_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE, Event.AFTER_MIGRATE_APPLIED,
				Event.AFTER_MIGRATE);
		if (!callbacks.handles(Event.BEFORE_EACH_MIGRATE) && !callbacks.handles(Event.AFTER_EACH_MIGRATE)) {
			return MigrationHook.NONE;
		}
		return (connection, migration, before) -> callbacks
			.runEach(before ? Event.BEFORE_EACH_MIGRATE : Event.AFTER_EACH_MIGRATE, connection, migration);
	}

	public MigrationExecutor executor() {
		Target target = target();
		return new MigrationExecutor(this.runs.dataSource, target.dialect(), target.history(),
				new ExecutionSettings(this.config.getLockTimeout(), this.config.getStatementTimeout(),
						this.config.getLockRetries(), this.config.getInstalledBy(), this.runs.owner),
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
			events.migrationFailed(migration, direction, Duration.ofNanos(System.nanoTime() - started), ex);
			throw ex;
		}
		this.migrations.add(migration);
	}

	/**
	 * Takes the lock, does the work under it and releases it.
	 * @return what the work returns
	 */
	public <T> T underLock(Function<LockLease, T> work) {
		try (LockLease lease = acquire(() -> true).orElseThrow()) {
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
				work.accept(lease);
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
				List.copyOf(this.migrations), failure, this.imported);
		if (this.reported) {
			this.runs.events.runFinished(result);
		}
		return result;
	}

}
