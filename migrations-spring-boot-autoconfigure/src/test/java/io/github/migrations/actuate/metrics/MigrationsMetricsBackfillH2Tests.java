package io.github.migrations.actuate.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.backfill.Backfill;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationsMetrics} on a batched backfill: a real run against H2.
 */
class MigrationsMetricsBackfillH2Tests {

	private final DataSource dataSource = H2Database.dataSource();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void countsTheRowsOfEachCommittedBatchAndTimesTheBatchesWithoutTags() {
		MigrationsMetrics metrics = new MigrationsMetrics(this.registry,
				() -> TestMigrators.migrator(this.dataSource, "base").status(), Duration.ofMinutes(1));
		new Migrator(this.dataSource, TestMigrators.config("base").javaMigration(new FillItems()).listener(metrics).build())
			.migrate();
		Counter rows = this.registry.get("migrations.backfill.rows").counter();
		Timer batches = this.registry.get("migrations.backfill.batch").timer();
		assertThat(rows.count()).isEqualTo(25.0);
		assertThat(batches.count()).isEqualTo(3);
		assertThat(batches.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(rows.getId().getTags()).isEmpty();
		assertThat(batches.getId().getTags()).isEmpty();
	}

	/**
	 * After the "base" set: creates 25 items, then fills them in batches of 10.
	 */
	static final class FillItems implements JavaMigration {

		@Override
		public MigrationVersion getVersion() {
			return MigrationVersion.parse("100");
		}

		@Override
		public String getName() {
			return "fill_items";
		}

		@Override
		public void up(MigrationContext context) throws Exception {
			context.jdbcTemplate().execute("CREATE TABLE items (id BIGINT PRIMARY KEY, filled BOOLEAN DEFAULT FALSE)");
			context.jdbcTemplate().update("INSERT INTO items (id) SELECT X FROM SYSTEM_RANGE(1, 25)");
			Backfill.named("fill").table("items").key("id").update("filled = TRUE").batchSize(10).run(context);
		}

		@Override
		public boolean isTransactional() {
			return false;
		}

	}

}
