package io.github.migrations.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a migration that runs longer than the slow threshold: a WARN and a
 * {@link MigrationListener#migrationSlow} event at the threshold, then each time the elapsed time
 * doubles, until the migration ends (closing the watch).
 */
final class SlowMigrationWatch implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SlowMigrationWatch.class);

	private static final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "migrations-slow-watch");
		thread.setDaemon(true);
		return thread;
	});

	private final MigrationDescriptor migration;

	private final Direction direction;

	private final MigrationListener listener;

	private final long startedAt = System.nanoTime();

	private volatile @Nullable ScheduledFuture<?> next;

	private volatile boolean closed;

	private SlowMigrationWatch(MigrationDescriptor migration, Direction direction, MigrationListener listener) {
		this.migration = migration;
		this.direction = direction;
		this.listener = listener;
	}

	static SlowMigrationWatch start(MigrationDescriptor migration, Direction direction, Duration threshold,
			MigrationListener listener) {
		SlowMigrationWatch watch = new SlowMigrationWatch(migration, direction, listener);
		watch.schedule(threshold);
		return watch;
	}

	private void schedule(Duration delay) {
		if (!this.closed) {
			this.next = timer.schedule(this::report, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
	}

	private void report() {
		if (this.closed) {
			return;
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - this.startedAt);
		logger.warn("{} {} has been running for {} s", (this.direction == Direction.UP) ? "Migration" : "Rollback of",
				this.migration.label(), elapsed.toSeconds());
		this.listener.migrationSlow(this.migration, this.direction, elapsed);
		schedule(elapsed);
	}

	@Override
	public void close() {
		this.closed = true;
		ScheduledFuture<?> future = this.next;
		if (future != null) {
			future.cancel(false);
		}
	}

}
