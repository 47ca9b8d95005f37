package io.github.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import io.github.migrations.discovery.MigrationScanner.LocalFiles;
import io.github.migrations.run.HistoryDigests;
import io.github.migrations.run.HistoryDigests.Digest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates many tenants, each a schema (on MariaDB and MySQL, a database) with its own history
 * and lock: each is {@link Migrator#tenant(String)} of one {@link Migrator}, so a tenant's run is
 * the engine's run, nothing forked. A run of all tenants:
 * <ol>
 * <li>asks the {@link TenantSource} for the tenants (afresh, so new ones are included);</li>
 * <li>reads the digest of every tenant's history in one query per
 * {@value io.github.migrations.run.HistoryDigests#BATCH} tenants (PostgreSQL; see
 * {@link Dialect#historyDigestsQuery()}; the batches after the first read {@code parallelism} at a
 * time), and counts a tenant whose history is exactly the local migrations as up to date, with no
 * run of its own; where the database has no such query, or callbacks are configured (they run in
 * every run), every tenant gets its run;</li>
 * <li>runs the others on {@code parallelism} threads, at most that many tenants at once, each
 * holding at most three connections (its lock's, kept for the heartbeat; the one a migration runs
 * on; and, for a statement outside a transaction, the one its fence check borrows): the pool must
 * allow {@code 3 × parallelism} besides its own needs, or tenants wait for each other's
 * connections;</li>
 * <li>lets one tenant's failure stop nothing else, unless fail-fast: then no tenant starts after
 * the first failure (those running finish), the rest are {@code SKIPPED}, and the run throws;</li>
 * <li>logs one line: INFO, or ERROR when a tenant failed, naming the failed tenants.</li>
 * </ol>
 * The last result of each tenant is kept for {@link #status()} (and the Actuator endpoint and
 * health). Thread-safe.
 */
public final class Tenants {

	private static final Logger logger = LoggerFactory.getLogger(Tenants.class);

	private final Migrator migrator;

	private final TenantSource source;

	private final int parallelism;

	private final boolean failFast;

	private final List<TenantListener> listeners;

	private final Map<String, TenantResult> lastResults = new ConcurrentHashMap<>();

	private volatile @Nullable TenantRunSummary lastRun;

	/**
	 * @param migrator the configuration every tenant shares (its schema is replaced by the
	 * tenant's), and the data source
	 * @param source where the tenants come from
	 * @param parallelism how many tenants run at once, at least 1
	 * @param failFast whether the first failure stops the run
	 */
	public Tenants(Migrator migrator, TenantSource source, int parallelism, boolean failFast) {
		this(migrator, source, parallelism, failFast, List.of());
	}

	/**
	 * @param migrator the configuration every tenant shares (its schema is replaced by the
	 * tenant's), and the data source
	 * @param source where the tenants come from
	 * @param parallelism how many tenants run at once, at least 1
	 * @param failFast whether the first failure stops the run
	 * @param listeners told of each tenant's run and of each run of all
	 */
	public Tenants(Migrator migrator, TenantSource source, int parallelism, boolean failFast,
			List<TenantListener> listeners) {
		this.listeners = List.copyOf(listeners);
		this.migrator = Objects.requireNonNull(migrator, "migrator");
		this.source = Objects.requireNonNull(source, "source");
		if (parallelism < 1) {
			throw new IllegalArgumentException("Tenant parallelism must be at least 1, was " + parallelism);
		}
		this.parallelism = parallelism;
		this.failFast = failFast;
	}

	/**
	 * The tenants, as the source names them now (duplicates and blanks left out).
	 */
	public List<String> names() {
		Set<String> names = new LinkedHashSet<>();
		for (String name : this.source.tenants()) {
			if (name != null && !name.isBlank()) {
				names.add(name);
			}
		}
		return List.copyOf(names);
	}

	public int getParallelism() {
		return this.parallelism;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	/**
	 * One tenant's {@link Migrator}: migrate, status, rollback, repair of that tenant alone.
	 */
	public Migrator tenant(String tenant) {
		return this.migrator.tenant(tenant);
	}

	/**
	 * Migrates one tenant (one signed up while the application runs, say) and keeps its result
	 * for {@link #status()}.
	 */
	public TenantResult migrate(String tenant) {
		TenantResult result = run(tenant);
		this.lastResults.put(tenant, result);
		return result;
	}

	/**
	 * Migrates every tenant, up-to-date ones recognised at once; see the class comment.
	 * @return what happened to each tenant
	 * @throws MigrationException with fail-fast, when a tenant failed (its failure is the
	 * cause; the summary is {@link #lastRun()})
	 */
	public TenantRunSummary migrate() {
		Instant started = Instant.now();
		List<String> names = names();
		Set<String> upToDate = upToDate(names);
		List<TenantResult> results = new ArrayList<>(names.size());
		AtomicBoolean stopped = new AtomicBoolean();
		List<Future<TenantResult>> futures = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(this.parallelism, new TenantThreads());
		try {
			for (String name : names) {
				if (!upToDate.contains(name)) {
					futures.add(executor.submit(() -> {
						if (stopped.get()) {
							return new TenantResult(name, TenantResult.Outcome.SKIPPED, 0, Duration.ZERO, null);
						}
						TenantResult result = run(name);
						if (result.outcome() == TenantResult.Outcome.FAILED && this.failFast) {
							stopped.set(true);
						}
						return result;
					}));
				}
			}
			int next = 0;
			for (String name : names) {
				TenantResult result = upToDate.contains(name)
						? new TenantResult(name, TenantResult.Outcome.UP_TO_DATE, 0, Duration.ZERO, null)
						: join(futures.get(next++));
				results.add(result);
				this.lastResults.put(name, result);
			}
		}
		finally {
			executor.shutdownNow();
		}
		TenantRunSummary summary = new TenantRunSummary(started, Duration.between(started, Instant.now()), results,
				upToDate.size(), this.parallelism);
		this.lastRun = summary;
		for (TenantListener listener : this.listeners) {
			listener.tenantsFinished(summary);
		}
		if (summary.successful()) {
			logger.info(summary.describe());
		}
		else {
			logger.error(summary.describe());
			if (this.failFast) {
				TenantResult first = summary.failures().get(0);
				throw new MigrationException("Tenant " + first.tenant() + " failed, and fail-fast stopped the run: "
						+ TenantRunSummary.message(first.failure()), "Fix the tenant's migration and start again; "
								+ "without fail-fast the other tenants are migrated all the same.",
						first.failure());
			}
		}
		return summary;
	}

	/**
	 * The last run of every tenant, or {@code null} before the first.
	 */
	public @Nullable TenantRunSummary lastRun() {
		return this.lastRun;
	}

	/**
	 * The last result of every tenant that ran in this JVM (from a run of all or of that one).
	 */
	public List<TenantResult> lastResults() {
		return List.copyOf(this.lastResults.values());
	}

	/**
	 * The last result of one tenant, from a run of all or of that one.
	 */
	public Optional<TenantResult> lastResult(String tenant) {
		return Optional.ofNullable(this.lastResults.get(tenant));
	}

	/**
	 * Where every tenant stands now: on PostgreSQL one query per 200 tenants (no connection per
	 * tenant), elsewhere each tenant's status; a tenant whose last run failed is {@code FAILED}
	 * with that failure. Never takes a lock, never writes.
	 */
	public List<TenantStatus> status() {
		List<String> names = names();
		Snapshot snapshot = snapshot(names);
		List<TenantStatus> states = new ArrayList<>(names.size());
		for (String name : names) {
			TenantResult last = this.lastResults.get(name);
			String error = (last != null && last.outcome() == TenantResult.Outcome.FAILED)
					? TenantRunSummary.message(last.failure()) : null;
			states.add(snapshot.status(name, error));
		}
		return states;
	}

	private TenantResult run(String name) {
		for (TenantListener listener : this.listeners) {
			listener.tenantStarted(name);
		}
		TenantResult result = runTenant(name);
		for (TenantListener listener : this.listeners) {
			listener.tenantFinished(result);
		}
		return result;
	}

	private TenantResult runTenant(String name) {
		long started = System.nanoTime();
		// what a run applied before it failed: the failure is thrown, its RunResult only heard
		AtomicReference<@Nullable RunResult> finished = new AtomicReference<>();
		MigrationListener hearing = new MigrationListener() {

			@Override
			public void runFinished(RunResult result) {
				finished.set(result);
			}

		};
		try {
			RunResult result = this.migrator.tenant(name, List.of(hearing)).migrate();
			Duration duration = Duration.ofNanos(System.nanoTime() - started);
			if (!result.successful()) {
				return new TenantResult(name, TenantResult.Outcome.FAILED, result.migrations().size(), duration,
						result.failure());
			}
			return new TenantResult(name,
					result.migrations().isEmpty() ? TenantResult.Outcome.UP_TO_DATE : TenantResult.Outcome.APPLIED,
					result.migrations().size(), duration, null);
		}
		catch (RuntimeException ex) {
			logger.debug("Tenant {} failed", name, ex);
			RunResult partial = finished.get();
			return new TenantResult(name, TenantResult.Outcome.FAILED,
					(partial != null) ? partial.migrations().size() : 0, Duration.ofNanos(System.nanoTime() - started),
					ex);
		}
	}

	private static TenantResult join(Future<TenantResult> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationException("Interrupted while tenants were migrated", "Start again.", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A tenant's run failed outside the engine", ex.getCause());
		}
	}

	/**
	 * The tenants the history digests find up to date; none where it cannot tell, or where callbacks
	 * must run in every run.
	 */
	private Set<String> upToDate(List<String> names) {
		if (names.isEmpty() || !this.migrator.getConfig().getCallbacks().isEmpty()) {
			return Set.of();
		}
		Snapshot snapshot = snapshot(names);
		if (snapshot.digests == null || !snapshot.callbacks.isEmpty()) {
			return Set.of();
		}
		Set<String> upToDate = new LinkedHashSet<>();
		for (String name : names) {
			if (snapshot.local.equals(snapshot.digests.get(name))) {
				upToDate.add(name);
			}
		}
		return upToDate;
	}

	/**
	 * The local digest and the tenants' digests, read on one connection.
	 */
	private Snapshot snapshot(List<String> names) {
		List<List<String>> batches = HistoryDigests.batches(names);
		try (Connection connection = this.migrator.getDataSource().getConnection()) {
			Dialect dialect = Dialects.detect(connection);
			if (dialect.historyDigestsQuery() == null || batches.isEmpty()) {
				LocalFiles files = this.migrator.runs().localFiles(dialect);
				return new Snapshot(HistoryDigests.local(files.migrations()),
						(dialect.historyDigestsQuery() == null) ? null : Map.of(), files.callbacks());
			}
			Map<String, Digest> digests = new ConcurrentHashMap<>();
			// the other batches start first, each on a connection of its own: the server opens
			// every history table of a batch, and spreads the batches over its cores
			ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(this.parallelism,
					batches.size() - 1)), new TenantThreads());
			try {
				List<Future<?>> reads = new ArrayList<>();
				for (List<String> batch : batches.subList(1, batches.size())) {
					reads.add(executor.submit(() -> {
						try (Connection own = this.migrator.getDataSource().getConnection()) {
							digests.putAll(read(own, dialect, batch));
						}
						return null;
					}));
				}
				digests.putAll(read(connection, dialect, batches.get(0)));
				LocalFiles files = this.migrator.runs().localFiles(dialect);
				for (Future<?> read : reads) {
					await(read);
				}
				return new Snapshot(HistoryDigests.local(files.migrations()), digests, files.callbacks());
			}
			finally {
				executor.shutdownNow();
			}
		}
		catch (SQLException ex) {
			throw historiesFailed(ex);
		}
	}

	private Map<String, Digest> read(Connection connection, Dialect dialect, List<String> batch) throws SQLException {
		Map<String, Digest> read = HistoryDigests.read(connection, dialect, this.migrator.getConfig().getTable(),
				batch);
		return (read != null) ? read : Map.of();
	}

	private static void await(Future<?> read) {
		try {
			read.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationException("Interrupted while the tenants' histories were read", "Start again.", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof SQLException failure) ? historiesFailed(failure)
					: (ex.getCause() instanceof RuntimeException failure) ? failure : new IllegalStateException(ex);
		}
	}

	private static MigrationException historiesFailed(SQLException ex) {
		return new MigrationException("Reading the tenants' histories failed: " + ex.getMessage(),
				"Check that the database is reachable.", ex);
	}

	private final class Snapshot {

		final Digest local;

		final @Nullable Map<String, Digest> digests;

		final List<?> callbacks;

		Snapshot(Digest local, @Nullable Map<String, Digest> digests, List<?> callbacks) {
			this.local = local;
			this.digests = digests;
			this.callbacks = callbacks;
		}

		TenantStatus status(String name, @Nullable String error) {
			if (this.digests == null) {
				return fromRun(name, error);
			}
			Digest digest = this.digests.get(name);
			if (digest == null) {
				return new TenantStatus(name, (error != null) ? TenantStatus.State.FAILED : TenantStatus.State.NEW, 0,
						error);
			}
			TenantStatus.State state = (error != null || digest.failed() > 0) ? TenantStatus.State.FAILED
					: digest.equals(this.local) ? TenantStatus.State.UP_TO_DATE : TenantStatus.State.PENDING;
			return new TenantStatus(name, state, digest.rows(), error);
		}

		/**
		 * Where the database has no digest query: the tenant's own status (one read of its history).
		 */
		private TenantStatus fromRun(String name, @Nullable String error) {
			MigrationStatus status = tenant(name).status();
			Map<MigrationState, Long> counts = status.counts();
			// the rows of its history: a local file above the target, or at or below a baseline, has none
			int applied = (int) status.migrations().stream().filter((info) -> info.executedAt() != null).count();
			TenantStatus.State state = (error != null || counts.getOrDefault(MigrationState.FAILED, 0L) > 0)
					? TenantStatus.State.FAILED
					: (applied == 0) ? TenantStatus.State.NEW
							: status.pending().isEmpty() ? TenantStatus.State.UP_TO_DATE : TenantStatus.State.PENDING;
			return new TenantStatus(name, state, applied, error);
		}

	}

	/**
	 * Names the threads of a run ({@code migrations-tenant-1}...), as daemons so a stuck tenant
	 * never keeps the JVM alive.
	 */
	private static final class TenantThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "migrations-tenant-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
