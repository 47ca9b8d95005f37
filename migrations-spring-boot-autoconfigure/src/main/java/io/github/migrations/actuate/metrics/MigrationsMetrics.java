package io.github.migrations.actuate.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.github.migrations.Direction;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationStatus;
import io.github.migrations.ReplicationPause;
import io.github.migrations.RunResult;
import io.github.migrations.backfill.BackfillProgress;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.preflight.PreflightResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters fed by the engine's events. Tags are low-cardinality only (the version of a
 * migration goes on Observation spans, never on a meter):
 * <ul>
 * <li>{@code migrations.execution} timer, tags {@code direction} ({@code up}, {@code down}) and
 * {@code outcome} ({@code success}, {@code failure}): one sample per migration run.</li>
 * <li>{@code migrations.lock.wait} timer, tag {@code outcome} ({@code acquired},
 * {@code timeout}).</li>
 * <li>{@code migrations.run.active} long-task timer, tag {@code operation} ({@code migrate},
 * {@code rollback}): the run in progress.</li>
 * <li>{@code migrations.lint.violations} counter, tags {@code rule} (the rule id) and
 * {@code severity} ({@code error}, {@code warning}, {@code advice}): one per finding of the linter
 * on the pending migrations of a run.</li>
 * <li>{@code migrations.preflight} counter, tags {@code check} (the check id) and {@code status}
 * ({@code passed}, {@code warning}, {@code blocking}, {@code skipped}): one per pre-flight
 * finding.</li>
 * <li>{@code migrations.backfill.rows} counter and {@code migrations.backfill.batch} timer, no tags:
 * the rows of each committed batch of a batched backfill, and the time each batch took (the
 * backfill's name is in the log, not on a meter).</li>
 * <li>{@code migrations.history.imported} counter, tag {@code source} ({@code flyway},
 * {@code sql-migrate}, {@code goose}, {@code golang-migrate}): one per import of another tool's
 * history (a database's first run).</li>
 * <li>{@code migrations.pending} and {@code migrations.applied} gauges: read from the status, which
 * is cached so that scrapes do not query the database each time: it is read again at most once per
 * refresh interval, and on the first scrape after a run.</li>
 * </ul>
 */
public class MigrationsMetrics implements MigrationListener {

	/**
	 * The tag that names the instance (the default one, or one of {@code migrations.instances}) a
	 * meter is about. Not {@code instance}: Prometheus gives that label to the scrape target and
	 * would rename this one {@code exported_instance}.
	 */
	public static final String INSTANCE_TAG = "migrations.instance";

	/** How long the status behind the gauges is reused by default. */
	public static final Duration DEFAULT_STATUS_REFRESH = Duration.ofSeconds(60);

	private static final Log logger = LogFactory.getLog(MigrationsMetrics.class);

	private final MeterRegistry registry;

	private final StatusCache status;

	private final Duration statusRefresh;

	private final boolean timeActiveRuns;

	private final Tags tags;

	private final ThreadLocal<LongTaskTimer.@Nullable Sample> activeRun = new ThreadLocal<>();

	/**
	 * Creates the meters and registers the gauges.
	 * @param registry where the meters go
	 * @param status reads the status (called at most once per {@code statusRefresh})
	 * @param statusRefresh how long a status read is reused by the gauges
	 */
	public MigrationsMetrics(MeterRegistry registry, Supplier<MigrationStatus> status, Duration statusRefresh) {
		this(registry, status, statusRefresh, true);
	}

	/**
	 * Creates the meters and registers the gauges.
	 * @param registry where the meters go
	 * @param status reads the status (called at most once per {@code statusRefresh})
	 * @param statusRefresh how long a status read is reused by the gauges
	 * @param timeActiveRuns whether to keep the {@code migrations.run.active} long-task timer;
	 * {@code false} when the {@code migrations.run} Observation already produces it through a
	 * meter observation handler (one timer, not two counting each run twice)
	 */
	public MigrationsMetrics(MeterRegistry registry, Supplier<MigrationStatus> status, Duration statusRefresh,
			boolean timeActiveRuns) {
		this(registry, status, statusRefresh, timeActiveRuns, Tags.empty());
	}

	/**
	 * Creates the meters and registers the gauges, every meter with the given tags.
	 * @param registry where the meters go
	 * @param status reads the status (called at most once per {@code statusRefresh})
	 * @param statusRefresh how long a status read is reused by the gauges
	 * @param timeActiveRuns whether to keep the {@code migrations.run.active} long-task timer
	 * @param tags tags every meter carries (the instance's name, where an application migrates
	 * several databases: {@link #INSTANCE_TAG})
	 */
	public MigrationsMetrics(MeterRegistry registry, Supplier<MigrationStatus> status, Duration statusRefresh,
			boolean timeActiveRuns, Iterable<Tag> tags) {
		this.registry = registry;
		this.timeActiveRuns = timeActiveRuns;
		this.tags = Tags.of(tags);
		this.statusRefresh = statusRefresh;
		this.status = new StatusCache(status, statusRefresh);
		Gauge.builder("migrations.pending", this.status, (cache) -> cache.count(true))
			.description("Migrations found locally and not applied yet")
			.tags(this.tags)
			.strongReference(true)
			.register(registry);
		Gauge.builder("migrations.applied", this.status, (cache) -> cache.count(false))
			.description("Migrations applied successfully, according to the history table")
			.tags(this.tags)
			.strongReference(true)
			.register(registry);
	}

	/**
	 * The meters of another instance: the same registry and settings, with the instance's name in
	 * {@link #INSTANCE_TAG} and its own status.
	 * @param instance the instance's name
	 * @param status reads that instance's status
	 * @return a listener for that instance's {@link io.github.migrations.Migrator}
	 */
	public MigrationsMetrics forInstance(String instance, Supplier<MigrationStatus> status) {
		return new MigrationsMetrics(this.registry, status, this.statusRefresh, this.timeActiveRuns,
				this.tags.and(INSTANCE_TAG, instance));
	}

	@Override
	public void runStarted(String operation) {
		stopActiveRun();
		if (!this.timeActiveRuns) {
			return;
		}
		LongTaskTimer timer = LongTaskTimer.builder("migrations.run.active")
			.description("Migration runs in progress")
			.tag("operation", operation)
			.tags(this.tags)
			.register(this.registry);
		this.activeRun.set(timer.start());
	}

	@Override
	public void migrationsLinted(List<LintViolation> violations) {
		for (LintViolation violation : violations) {
			countFinding("migrations.lint.violations", "Findings of the migration linter on pending migrations",
					Tags.of("rule", violation.ruleId(), "severity", lowerCase(violation.severity())));
		}
	}

	@Override
	public void preflightChecked(List<PreflightResult> results) {
		for (PreflightResult result : results) {
			countFinding("migrations.preflight", "Findings of the pre-flight checks run before migrations",
					Tags.of("check", result.check(), "status", lowerCase(result.status())));
		}
	}

	@Override
	public void lockWaited(Duration waited, boolean acquired) {
		Timer.builder("migrations.lock.wait")
			.description("Time spent waiting for the migration lock")
			.tag("outcome", acquired ? "acquired" : "timeout")
			.tags(this.tags)
			.register(this.registry)
			.record(waited);
	}

	@Override
	public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
		execution(direction, "success").record(duration);
	}

	@Override
	public void migrationFailed(MigrationDescriptor migration, Direction direction, Duration duration,
			Throwable failure) {
		execution(direction, "failure").record(duration);
	}

	@Override
	public void backfillProgress(MigrationDescriptor migration, BackfillProgress progress) {
		Counter.builder("migrations.backfill.rows")
			.description("Rows processed by batched backfills, counted when their batch commits")
			.tags(this.tags)
			.register(this.registry)
			.increment(progress.batchRows());
		Timer.builder("migrations.backfill.batch")
			.description("Time taken by one committed batch of a batched backfill")
			.tags(this.tags)
			.register(this.registry)
			.record(progress.batchDuration());
	}

	@Override
	public void replicationPaused(MigrationDescriptor migration, ReplicationPause pause) {
		Timer.builder("migrations.replication.pause")
			.description("Time migrations paused for standbys further behind than "
					+ "migrations.backfill.max-replication-lag")
			.tag("source", (pause.backfill() != null) ? "backfill" : "java")
			.tags(this.tags)
			.register(this.registry)
			.record(pause.paused());
	}

	@Override
	public void historyImported(ImportedHistory imported) {
		Counter.builder("migrations.history.imported")
			.description("Imports of another tool's migration history")
			.tag("source", imported.source().toolName())
			.tags(this.tags)
			.register(this.registry)
			.increment();
	}

	@Override
	public void runFinished(RunResult result) {
		stopActiveRun();
		this.status.invalidate();
	}

	// also called when a run starts, in case an earlier one on this thread never reported its end
	private void stopActiveRun() {
		LongTaskTimer.Sample sample = this.activeRun.get();
		this.activeRun.remove();
		if (sample != null) {
			sample.stop();
		}
	}

	private void countFinding(String name, String description, Tags tags) {
		Counter.builder(name).description(description).tags(tags).tags(this.tags).register(this.registry).increment();
	}

	private static String lowerCase(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private Timer execution(Direction direction, String outcome) {
		return Timer.builder("migrations.execution")
			.description("Time taken to run one migration")
			.tag("direction", (direction == Direction.UP) ? "up" : "down")
			.tag("outcome", outcome)
			.tags(this.tags)
			.register(this.registry);
	}

	/**
	 * The status behind the gauges, read at most once per refresh interval. A failed read is cached
	 * too (the gauges show NaN), so that a database that is down is not asked on every scrape.
	 */
	static final class StatusCache {

		private final Supplier<MigrationStatus> source;

		private final long refreshNanos;

		private @Nullable MigrationStatus status;

		private long readAt;

		private boolean stale = true;

		StatusCache(Supplier<MigrationStatus> source, Duration refresh) {
			this.source = source;
			this.refreshNanos = refresh.toNanos();
		}

		synchronized double count(boolean pending) {
			MigrationStatus current = current();
			if (current == null) {
				return Double.NaN;
			}
			if (pending) {
				return current.pending().size();
			}
			return current.migrations().stream().filter((migration) -> isApplied(migration.state())).count();
		}

		synchronized void invalidate() {
			this.stale = true;
		}

		private @Nullable MigrationStatus current() {
			long now = System.nanoTime();
			if (this.stale || now - this.readAt >= this.refreshNanos) {
				this.stale = false;
				this.readAt = now;
				try {
					this.status = this.source.get();
				}
				catch (RuntimeException ex) {
					logger.debug("Could not read the migration status for the gauges", ex);
					this.status = null;
				}
			}
			return this.status;
		}

		private static boolean isApplied(MigrationState state) {
			return state == MigrationState.APPLIED || state == MigrationState.FUTURE || state == MigrationState.MISSING
					|| state == MigrationState.CHECKSUM_MISMATCH || state == MigrationState.BASELINE
					|| state == MigrationState.REPEATABLE || state == MigrationState.OUTDATED;
		}

	}

}
