package io.github.migrations.actuate.metrics;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationStatus;
import io.github.migrations.Migrator;
import io.github.migrations.RunResult;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MigrationsMetrics}: real runs against H2, the listener registered through the
 * configuration as the auto-configuration does.
 */
class MigrationsMetricsH2Tests {

	private final DataSource dataSource = H2Database.dataSource();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger statusReads = new AtomicInteger();

	@Test
	void timesEachMigrationByDirectionAndOutcome() {
		migrator("base").migrate();
		assertThat(executions("up", "success").count()).isEqualTo(3);
		assertThat(executions("up", "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(this.registry.find("migrations.execution").timers()).hasSize(1);
	}

	@Test
	void timesAFailedMigrationAsAFailure() {
		Migrator migrator = migrator("failing");
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate);
		assertThat(executions("up", "success").count()).isEqualTo(1);
		assertThat(executions("up", "failure").count()).isEqualTo(1);
	}

	@Test
	void timesRolledBackMigrationsAsDown() {
		Migrator migrator = migrator("base");
		migrator.migrate();
		migrator.rollback(RollbackRequest.steps(2, "test"));
		assertThat(executions("down", "success").count()).isEqualTo(2);
		assertThat(executions("up", "success").count()).isEqualTo(3);
	}

	@Test
	void noMeterIsTaggedWithAVersionOrName() {
		migrator("base").migrate();
		List<Meter> meters = this.registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("migrations."))
			.toList();
		assertThat(meters).extracting((meter) -> meter.getId().getName())
			.contains("migrations.execution", "migrations.lock.wait", "migrations.run.active", "migrations.pending",
					"migrations.applied");
		assertThat(meters).flatExtracting((meter) -> meter.getId().getTags())
			.extracting(Tag::getKey)
			.containsOnly("direction", "outcome", "operation");
	}

	@Test
	void timesTheLockWaitOfEachRunThatTakesTheLock() {
		migrator("older").migrate();
		migrator("base").migrate();
		// nothing is pending: the run ends without taking the lock
		migrator("base").migrate();
		Timer acquired = this.registry.get("migrations.lock.wait").tag("outcome", "acquired").timer();
		assertThat(acquired.count()).isEqualTo(2);
	}

	@Test
	void timesALockWaitThatTimedOut() throws Exception {
		migrator("base").migrate();
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("UPDATE migration_lock SET is_locked = TRUE, locked_by = 'someone else', "
					+ "lease_expires_at = DATEADD('HOUR', 1, CURRENT_TIMESTAMP)");
		}
		Migrator waiting = new Migrator(this.dataSource, TestMigrators.config("newer")
			.lockWaitTimeout(Duration.ofMillis(300))
			.listener(metrics(Duration.ofMinutes(1)))
			.build());
		assertThatExceptionOfType(MigrationException.class).isThrownBy(waiting::migrate);
		assertThat(this.registry.get("migrations.lock.wait").tag("outcome", "timeout").timer().count()).isEqualTo(1);
	}

	@Test
	void longTaskTimerShowsTheRunInProgress() {
		List<Integer> activeDuringRun = new ArrayList<>();
		MigrationsMetrics metrics = metrics(Duration.ofMinutes(1));
		MigrationListener probe = new MigrationListener() {

			@Override
			public void migrationStarted(MigrationDescriptor migration, Direction direction) {
				activeDuringRun.add(MigrationsMetricsH2Tests.this.registry.get("migrations.run.active")
					.tag("operation", "migrate")
					.longTaskTimer()
					.activeTasks());
			}

		};
		new Migrator(this.dataSource, TestMigrators.config("base").listener(metrics).listener(probe).build())
			.migrate();
		assertThat(activeDuringRun).containsExactly(1, 1, 1);
		assertThat(this.registry.get("migrations.run.active").longTaskTimer().activeTasks()).isZero();
	}

	@Test
	void aRollbackDryRunLeavesNoRunActive() {
		Migrator migrator = migrator("base");
		migrator.migrate();
		migrator.rollback(RollbackRequest.steps(1, "test").asDryRun());
		assertThat(this.registry.find("migrations.run.active").longTaskTimers())
			.allSatisfy((timer) -> assertThat(timer.activeTasks()).isZero());
		assertThat(executions("up", "success").count()).isEqualTo(3);
		assertThat(this.registry.find("migrations.execution").tag("direction", "down").timers()).isEmpty();
	}

	@Test
	void gaugesCountPendingAndAppliedMigrations() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		MigrationsMetrics metrics = new MigrationsMetrics(this.registry,
				counting(() -> TestMigrators.migrator(this.dataSource, "newer").status()), Duration.ofMinutes(1));
		assertThat(metrics).isNotNull();
		assertThat(gauge("migrations.pending")).isEqualTo(1.0);
		assertThat(gauge("migrations.applied")).isEqualTo(3.0);
	}

	@Test
	void aRepeatableMigrationCountsAsAppliedOnceItRanAndAsPendingWhenItMustRunAgain() {
		Migrator migrator = TestMigrators.migrator(this.dataSource, "repeatable");
		new MigrationsMetrics(this.registry, migrator::status, Duration.ZERO);
		assertThat(gauge("migrations.pending")).isEqualTo(2.0);
		assertThat(gauge("migrations.applied")).isEqualTo(0.0);
		migrator.migrate();
		assertThat(gauge("migrations.pending")).isEqualTo(0.0);
		assertThat(gauge("migrations.applied")).isEqualTo(2.0);
	}

	@Test
	void gaugesReuseTheStatusWithinTheRefreshInterval() {
		Migrator migrator = migrator("base");
		assertThat(gauge("migrations.pending")).isEqualTo(3.0);
		assertThat(gauge("migrations.applied")).isEqualTo(0.0);
		assertThat(gauge("migrations.pending")).isEqualTo(3.0);
		assertThat(this.statusReads).hasValue(1);
		migrator.migrate();
		// a finished run makes the next scrape read again
		assertThat(gauge("migrations.pending")).isEqualTo(0.0);
		assertThat(gauge("migrations.applied")).isEqualTo(3.0);
		assertThat(this.statusReads).hasValue(2);
	}

	@Test
	void gaugesReadAgainAfterTheRefreshInterval() throws InterruptedException {
		MigrationsMetrics metrics = metrics(Duration.ofMillis(50));
		assertThat(metrics).isNotNull();
		gauge("migrations.pending");
		Thread.sleep(80);
		gauge("migrations.pending");
		assertThat(this.statusReads).hasValue(2);
	}

	@Test
	void gaugesAreNaNWhenTheStatusCannotBeRead() {
		new MigrationsMetrics(this.registry, counting(() -> {
			throw new IllegalStateException("database down");
		}), Duration.ofMinutes(1));
		assertThat(gauge("migrations.pending")).isNaN();
		assertThat(gauge("migrations.applied")).isNaN();
		assertThat(this.statusReads).hasValue(1);
	}

	private Migrator migrator(String set) {
		MigrationsMetrics[] holder = new MigrationsMetrics[1];
		Migrator migrator = new Migrator(this.dataSource,
				TestMigrators.config(set).listener(new DelegatingListener(() -> holder[0])).build());
		holder[0] = new MigrationsMetrics(this.registry, counting(migrator::status), Duration.ofMinutes(1));
		return migrator;
	}

	private MigrationsMetrics metrics(Duration refresh) {
		return new MigrationsMetrics(this.registry,
				counting(() -> TestMigrators.migrator(this.dataSource, "base").status()), refresh);
	}

	private Supplier<MigrationStatus> counting(Supplier<MigrationStatus> status) {
		return () -> {
			this.statusReads.incrementAndGet();
			return status.get();
		};
	}

	private Timer executions(String direction, String outcome) {
		return this.registry.get("migrations.execution").tag("direction", direction).tag("outcome", outcome).timer();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	/**
	 * Lets the metrics read the status of the migrator they are registered with, as the
	 * auto-configuration does through a lazy bean lookup.
	 */
	private record DelegatingListener(Supplier<MigrationListener> target) implements MigrationListener {

		@Override
		public void runStarted(String operation) {
			this.target.get().runStarted(operation);
		}

		@Override
		public void lockWaited(Duration waited, boolean acquired) {
			this.target.get().lockWaited(waited, acquired);
		}

		@Override
		public void migrationStarted(MigrationDescriptor migration, Direction direction) {
			this.target.get().migrationStarted(migration, direction);
		}

		@Override
		public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
			this.target.get().migrationSucceeded(migration, direction, duration);
		}

		@Override
		public void migrationFailed(MigrationDescriptor migration, Direction direction, Duration duration,
				Throwable failure) {
			this.target.get().migrationFailed(migration, direction, duration, failure);
		}

		@Override
		public void runFinished(RunResult result) {
			this.target.get().runFinished(result);
		}

	}

}
