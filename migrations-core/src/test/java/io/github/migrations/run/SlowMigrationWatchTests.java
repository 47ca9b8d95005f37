package io.github.migrations.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowMigrationWatchTests {

	private final MigrationDescriptor migration = new MigrationDescriptor(MigrationVersion.parse("1"), "slow",
			MigrationKind.SQL, "1_slow.sql");

	@Test
	void reportsAtTheThresholdAndAgainEachTimeTheElapsedTimeDoubles() throws InterruptedException {
		List<Duration> reports = new CopyOnWriteArrayList<>();
		MigrationListener listener = new MigrationListener() {
			@Override
			public void migrationSlow(MigrationDescriptor m, Direction direction, Duration elapsed) {
				reports.add(elapsed);
			}
		};
		try (SlowMigrationWatch watch = SlowMigrationWatch.start(this.migration, Direction.UP, Duration.ofMillis(100),
				listener)) {
			Thread.sleep(500);
		}
		int seen = reports.size();
		Thread.sleep(300);
		// 100 ms, ~200 ms, ~400 ms; then nothing once closed
		assertThat(seen).isBetween(2, 3);
		assertThat(reports).hasSize(seen);
		assertThat(reports.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		// the next report is scheduled the first report's elapsed time later: about double
		assertThat(reports.get(1)).isGreaterThan(reports.get(0).plus(Duration.ofMillis(90)));
	}

	@Test
	void aMigrationFasterThanTheThresholdIsNotReported() throws InterruptedException {
		List<Duration> reports = new CopyOnWriteArrayList<>();
		MigrationListener listener = new MigrationListener() {
			@Override
			public void migrationSlow(MigrationDescriptor m, Direction direction, Duration elapsed) {
				reports.add(elapsed);
			}
		};
		SlowMigrationWatch.start(this.migration, Direction.UP, Duration.ofMillis(200), listener).close();
		Thread.sleep(400);
		assertThat(reports).isEmpty();
	}

}
