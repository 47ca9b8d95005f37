package io.github.migrations.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.migrations.Migrator;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.testsupport.PgBouncer;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill through PgBouncer in transaction pooling mode with one server connection: its
 * batches keep no session state, and the lock's heartbeat queues behind a batch instead of
 * losing the lock.
 */
class BackfillPgBouncerTests {

	@RegisterExtension
	@Order(1)
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	@Order(2)
	static final PgBouncer pgbouncer = new PgBouncer(database);

	@Test
	void racingRunnersBackfillEveryRowExactlyOnceThroughTransactionPooling() throws Exception {
		String schema = "bouncer" + System.nanoTime();
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE SCHEMA " + schema);
		jdbc.execute("CREATE TABLE " + schema + ".items (id bigint PRIMARY KEY, counter int NOT NULL DEFAULT 0)");
		jdbc.update("INSERT INTO " + schema + ".items (id) SELECT g FROM generate_series(1, 500) g");
		Backfill backfill = Backfill.named("count")
			.table(schema + ".items")
			.key("id")
			.update("counter = counter + 1")
			.batchSize(50)
			.pause(Duration.ofMillis(20))
			.validate("rows not counted once", "SELECT COUNT(*) FROM " + schema + ".items WHERE counter <> 1")
			.build();
		MigratorConfig config = MigratorConfig.builder()
			.schema(schema)
			.locations("classpath:backfill-no-sql")
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofMinutes(1))
			// the table to backfill is the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.javaMigration(new AbstractBackfillTests.TestMigration("1", false, backfill::run, null))
			.build();
		ExecutorService executor = Executors.newFixedThreadPool(3);
		try {
			List<Future<RunResult>> runs = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				runs.add(executor.submit(() -> new Migrator(pgbouncer.dataSource(), config).migrate()));
			}
			int applied = 0;
			for (Future<RunResult> run : runs) {
				applied += run.get(2, TimeUnit.MINUTES).migrations().size();
			}
			assertThat(applied).isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(jdbc.queryForList("SELECT DISTINCT counter FROM " + schema + ".items", Integer.class))
			.containsExactly(1);
		assertThat(jdbc.queryForMap("SELECT state, rows_done, batches, runs FROM " + schema
				+ ".schema_migrations_backfill")).containsEntry("state", "DONE")
			.containsEntry("rows_done", 500L)
			.containsEntry("batches", 10L)
			.containsEntry("runs", 1);
	}

}
