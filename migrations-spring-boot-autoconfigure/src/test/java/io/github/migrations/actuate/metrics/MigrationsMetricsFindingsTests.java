package io.github.migrations.actuate.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.migrations.Direction;
import io.github.migrations.HistoryImport;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.ReplicationPause;
import io.github.migrations.backfill.BackfillProgress;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.Severity;
import io.github.migrations.preflight.PreflightResult;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finding counters of {@link MigrationsMetrics}: {@code migrations.lint.violations} by rule and
 * severity, {@code migrations.preflight} by check and status, one increment per finding and
 * nothing else in the tags; the pauses for standbys; and the instance tag on every meter of
 * another instance.
 */
class MigrationsMetricsFindingsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MigrationsMetrics metrics = new MigrationsMetrics(this.registry, () -> {
		throw new IllegalStateException("no status in this test");
	}, Duration.ofMinutes(1));

	@Test
	void countsEachLintViolationByRuleAndSeverity() {
		this.metrics.migrationsLinted(List.of(violation("index-not-concurrent", Severity.ERROR, 2),
				violation("index-not-concurrent", Severity.ERROR, 9), violation("prefer-text", Severity.ADVICE, 3)));
		this.metrics.migrationsLinted(List.of(violation("index-not-concurrent", Severity.ERROR, 4)));
		this.metrics.migrationsLinted(List.of());
		assertThat(this.registry.get("migrations.lint.violations")
			.tag("rule", "index-not-concurrent")
			.tag("severity", "error")
			.counter()
			.count()).isEqualTo(3.0);
		assertThat(this.registry.get("migrations.lint.violations")
			.tag("rule", "prefer-text")
			.tag("severity", "advice")
			.counter()
			.count()).isEqualTo(1.0);
		assertThat(this.registry.find("migrations.lint.violations").counters()).hasSize(2)
			.allSatisfy((counter) -> assertThat(counter.getId().getTags()).extracting((tag) -> tag.getKey())
				.containsExactlyInAnyOrder("rule", "severity"));
	}

	@Test
	void countsEachPreflightFindingByCheckAndStatus() {
		this.metrics.preflightChecked(List.of(
				PreflightResult.blocking("blocking-sessions", "pid 1", Map.of("pid", "1")),
				PreflightResult.blocking("blocking-sessions", "pid 2", Map.of("pid", "2")),
				PreflightResult.passed("table-size", "small"), PreflightResult.skipped("active-connections", "off")));
		assertThat(this.registry.get("migrations.preflight")
			.tag("check", "blocking-sessions")
			.tag("status", "blocking")
			.counter()
			.count()).isEqualTo(2.0);
		assertThat(this.registry.get("migrations.preflight").tag("check", "table-size").tag("status", "passed")
			.counter()
			.count()).isEqualTo(1.0);
		assertThat(this.registry.get("migrations.preflight")
			.tag("check", "active-connections")
			.tag("status", "skipped")
			.counter()
			.count()).isEqualTo(1.0);
		assertThat(this.registry.find("migrations.preflight").counters()).hasSize(3)
			.allSatisfy((counter) -> assertThat(counter.getId().getTags()).extracting((tag) -> tag.getKey())
				.containsExactlyInAnyOrder("check", "status"));
	}

	private static LintViolation violation(String rule, Severity severity, int line) {
		return new LintViolation("1_x.sql", line, rule, severity, "message", "statement");
	}

	@Test
	void timesPausesForStandbysBySourceWithoutTheStandbyOrTheVersionInTheTags() {
		MigrationDescriptor migration = new MigrationDescriptor(MigrationVersion.parse("3"), "fill", MigrationKind.JAVA,
				"Fill");
		this.metrics.replicationPaused(migration,
				new ReplicationPause("fill", "standby-a", Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(2)));
		this.metrics.replicationPaused(migration,
				new ReplicationPause(null, "standby-b", Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1)));
		assertThat(this.registry.get("migrations.replication.pause").tag("source", "backfill").timer().totalTime(
				java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
		assertThat(this.registry.get("migrations.replication.pause").tag("source", "java").timer().count()).isOne();
		assertThat(this.registry.find("migrations.replication.pause").timers())
			.allSatisfy((timer) -> assertThat(timer.getId().getTags()).extracting((tag) -> tag.getKey())
				.containsExactly("source"));
	}

	@Test
	void anotherInstancesMetersEachCarryItsNameAndTheDefaultInstancesMetersDoNot() {
		MigrationsMetrics other = this.metrics.forInstance("orders", () -> {
			throw new IllegalStateException("no status in this test");
		});
		MigrationDescriptor migration = new MigrationDescriptor(MigrationVersion.parse("3"), "fill", MigrationKind.JAVA,
				"Fill");
		for (MigrationsMetrics instance : List.of(this.metrics, other)) {
			instance.runStarted("migrate");
			instance.lockWaited(Duration.ofMillis(5), true);
			instance.migrationsLinted(List.of(violation("prefer-text", Severity.ADVICE, 3)));
			instance.preflightChecked(List.of(PreflightResult.passed("table-size", "small")));
			instance.migrationSucceeded(migration, Direction.UP, Duration.ofMillis(7));
			instance.migrationFailed(migration, Direction.DOWN, Duration.ofMillis(7), new IllegalStateException());
			instance.replicationPaused(migration,
					new ReplicationPause(null, "standby-a", Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1)));
			instance.backfillProgress(migration,
					new BackfillProgress("fill", 1, 10, 10, "10", Duration.ofMillis(3)));
			instance.historyImported(new ImportedHistory(HistoryImport.FLYWAY, "flyway_schema_history", 2, 0));
		}
		List<Meter> meters = this.registry.getMeters();
		assertThat(meters).extracting((meter) -> meter.getId().getName())
			.contains("migrations.pending", "migrations.applied", "migrations.run.active", "migrations.lock.wait",
					"migrations.lint.violations", "migrations.preflight", "migrations.execution",
					"migrations.replication.pause", "migrations.backfill.rows", "migrations.backfill.batch",
					"migrations.history.imported");
		for (String name : meters.stream().map((meter) -> meter.getId().getName()).distinct().toList()) {
			assertThat(this.registry.find(name).tag(MigrationsMetrics.INSTANCE_TAG, "orders").meters())
				.as("meters named %s with the instance tag", name)
				.hasSameSizeAs(this.registry.find(name).meters().stream()
					.filter((meter) -> meter.getId().getTag(MigrationsMetrics.INSTANCE_TAG) == null)
					.toList());
		}
	}

}
