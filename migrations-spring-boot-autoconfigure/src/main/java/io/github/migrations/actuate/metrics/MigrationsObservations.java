package io.github.migrations.actuate.metrics;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import io.github.migrations.RunResult;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Observation} per run ({@code migrations.run}) and, nested in it, one per migration
 * ({@code migrations.migration}), so that a tracing bridge shows a span for each. Each observation's
 * scope is open while it runs, so spans of the JDBC calls made meanwhile nest under it.
 * <ul>
 * <li>{@code migrations.run}: low-cardinality {@code operation} ({@code migrate},
 * {@code rollback}) and {@code outcome}; high-cardinality {@code batch} and {@code migrations} (how
 * many ran).</li>
 * <li>{@code migrations.migration}: low-cardinality {@code kind}; high-cardinality
 * {@code version}, {@code name} and {@code direction}.</li>
 * </ul>
 * Events arrive on the migrating thread, so the observations in progress are kept per thread.
 */
public class MigrationsObservations implements MigrationListener {

	/** Name of the observation around a run. */
	public static final String RUN = "migrations.run";

	/** Name of the observation around one migration. */
	public static final String MIGRATION = "migrations.migration";

	private final ObservationRegistry registry;

	private final @Nullable String instance;

	private final ThreadLocal<Deque<Observed>> inProgress = ThreadLocal.withInitial(ArrayDeque::new);

	/**
	 * Creates the listener.
	 * @param registry where the observations go
	 */
	public MigrationsObservations(ObservationRegistry registry) {
		this.registry = registry;
		this.instance = null;
	}

	/**
	 * Creates the listener of one instance: its observations carry the instance's name as the
	 * low-cardinality {@value MigrationsMetrics#INSTANCE_TAG}, as the meters do.
	 * @param registry where the observations go
	 * @param instance the instance's name ({@code default}, or one of {@code migrations.instances})
	 */
	public MigrationsObservations(ObservationRegistry registry, String instance) {
		this.registry = registry;
		this.instance = instance;
	}

	private Observation tagged(Observation observation) {
		return (this.instance != null)
				? observation.lowCardinalityKeyValue(MigrationsMetrics.INSTANCE_TAG, this.instance) : observation;
	}

	@Override
	public void runStarted(String operation) {
		// an earlier run on this thread that never reported its end must not stay open
		Deque<Observed> leftovers = this.inProgress.get();
		while (!leftovers.isEmpty()) {
			stop(leftovers.pop(), null);
		}
		Observation observation = Observation.createNotStarted(RUN, this.registry)
			.contextualName("migrations " + operation)
			.lowCardinalityKeyValue("operation", operation);
		push(tagged(observation), true);
	}

	@Override
	public void migrationStarted(MigrationDescriptor migration, Direction direction) {
		String directionText = direction.name().toLowerCase(Locale.ROOT);
		Observation observation = Observation.createNotStarted(MIGRATION, this.registry)
			.contextualName("migration "
					+ ((migration.version() != null) ? migration.version() : "repeatable " + migration.name()) + " "
					+ directionText)
			.lowCardinalityKeyValue("kind", migration.kind().name().toLowerCase(Locale.ROOT))
			// a repeatable migration has no version: an empty value keeps the key set fixed
			.highCardinalityKeyValue("version", (migration.version() != null) ? migration.version().toString() : "")
			.highCardinalityKeyValue("name", migration.name())
			.highCardinalityKeyValue("direction", directionText);
		Observed run = currentRun();
		if (run != null) {
			observation.parentObservation(run.observation());
		}
		push(tagged(observation), false);
	}

	@Override
	public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
		stopMigration(null);
	}

	@Override
	public void migrationFailed(MigrationDescriptor migration, Direction direction, Duration duration,
			Throwable failure) {
		stopMigration(failure);
	}

	@Override
	public void runFinished(RunResult result) {
		Deque<Observed> stack = this.inProgress.get();
		// a migration whose end was never reported must not leave its scope open
		while (!stack.isEmpty() && !stack.peek().run()) {
			stop(stack.pop(), result.failure());
		}
		Observed run = stack.poll();
		if (run != null) {
			run.observation()
				.lowCardinalityKeyValue("outcome", result.successful() ? "success" : "failure")
				.highCardinalityKeyValue("batch", Integer.toString(result.batch()))
				.highCardinalityKeyValue("migrations", Integer.toString(result.migrations().size()));
			stop(run, result.failure());
		}
		if (stack.isEmpty()) {
			this.inProgress.remove();
		}
	}

	private void stopMigration(@Nullable Throwable failure) {
		Deque<Observed> stack = this.inProgress.get();
		Observed top = stack.peek();
		if (top != null && !top.run()) {
			stop(stack.pop(), failure);
		}
	}

	private void push(Observation observation, boolean run) {
		observation.start();
		this.inProgress.get().push(new Observed(observation, observation.openScope(), run));
	}

	private @Nullable Observed currentRun() {
		for (Observed observed : this.inProgress.get()) {
			if (observed.run()) {
				return observed;
			}
		}
		return null;
	}

	private static void stop(Observed observed, @Nullable Throwable failure) {
		observed.scope().close();
		if (failure != null) {
			observed.observation().error(failure);
		}
		observed.observation().stop();
	}

	private record Observed(Observation observation, Observation.Scope scope, boolean run) {
	}

}
