package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PgBouncer;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runners racing through PgBouncer in transaction pooling mode with one server connection: the
 * engine keeps no session state, and its lock never waits on the connection the migration holds.
 * The full race (threads and JVMs, {@link RunnerRace}) is the one of {@link MigratorRacePostgresTests},
 * with a {@code CREATE INDEX CONCURRENTLY} among its migrations.
 */
class MigratorPgBouncerTests {

	@RegisterExtension
	@Order(1)
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	@Order(2)
	static final PgBouncer pgbouncer = new PgBouncer(database);

	@TempDir
	Path directory;

	@Test
	@Tag("slow")
	void racingThreadsAndProcessesApplyEveryMigrationExactlyOnceThroughTransactionPooling() throws Exception {
		String schema = "bouncer_race" + System.nanoTime();
		JdbcTemplate direct = new JdbcTemplate(database.dataSource());
		direct.execute("CREATE SCHEMA " + schema);
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		int count = 30;
		int concurrently = 16;
		List<String> versions = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			versions.add(version(i));
			if (i == concurrently) {
				files.write(version(i) + "_step_1_index.sql", "-- +migrate Up notransaction\n"
						+ "CREATE INDEX CONCURRENTLY IF NOT EXISTS step_1_id ON " + schema + ".step_1 (id);\n\n"
						+ "-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY IF EXISTS " + schema + ".step_1_id;\n");
				continue;
			}
			// CREATE TABLE without IF NOT EXISTS: running a migration twice fails the runner; the
			// SET must stay inside the migration's transaction, not on the shared server connection.
			files.migration(version(i) + "_step_" + i + ".sql", "SET search_path TO pg_catalog;\nCREATE TABLE " + schema
					+ ".step_" + i + " (id int);\nSELECT pg_sleep(0.01);", "DROP TABLE " + schema + ".step_" + i + ";");
		}
		RunnerRace race = new RunnerRace(pgbouncer.dataSource(), pgbouncer.jdbcUrl(), database.user(),
				database.password(), schema, Duration.ofSeconds(3), this.directory);
		long started = System.nanoTime();
		List<Integer> appliedBy = race.race(files.location(), versions, 8, 4);
		System.out.printf("PgBouncer race: 8 threads and 4 processes, %d migrations (one CREATE INDEX CONCURRENTLY) "
				+ "in %d ms; applied per runner %s%n", count, (System.nanoTime() - started) / 1_000_000, appliedBy);
		assertThat(appliedBy.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
		race.assertEveryVersionRecordedOnce(direct, count);
		assertThat(direct.queryForObject("SELECT COUNT(*) FROM pg_tables WHERE schemaname = ? AND tablename LIKE 'step%'",
				Integer.class, schema)).isEqualTo(count - 1);
		assertThat(direct.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, schema + ".step_1_id")).isTrue();
		assertThat(new JdbcTemplate(pgbouncer.dataSource()).queryForObject("SHOW search_path", String.class))
			.doesNotContain("pg_catalog");
	}

	@Test
	void racingRunnersApplyEveryMigrationExactlyOnceThroughTransactionPooling() throws Exception {
		String schema = "bouncer" + System.nanoTime();
		new JdbcTemplate(database.dataSource()).execute("CREATE SCHEMA " + schema);
		MigrationFiles files = new MigrationFiles(this.directory.resolve("threads"));
		int count = 20;
		for (int i = 1; i <= count; i++) {
			files.migration(version(i) + "_step_" + i + ".sql",
					"SET search_path TO pg_catalog;\nCREATE TABLE " + schema + ".step_" + i + " (id int);",
					"DROP TABLE " + schema + ".step_" + i + ";");
		}
		files.write(version(count + 1) + "_step_index.sql", "-- +migrate Up notransaction\n"
				+ "CREATE INDEX CONCURRENTLY IF NOT EXISTS step_1_id ON " + schema + ".step_1 (id);\n\n"
				+ "-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY IF EXISTS " + schema + ".step_1_id;\n");
		MigratorConfig config = MigratorConfig.builder()
			.schema(schema)
			.locations(files.location())
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofMinutes(2))
			.build();
		int runners = 4;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(runners);
		int applied = 0;
		try {
			List<Future<RunResult>> results = new ArrayList<>();
			for (int i = 0; i < runners; i++) {
				Migrator migrator = new Migrator(pgbouncer.dataSource(), config);
				results.add(executor.submit(() -> {
					start.await();
					return migrator.migrate();
				}));
			}
			start.countDown();
			for (Future<RunResult> result : results) {
				applied += result.get(2, TimeUnit.MINUTES).migrations().size();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(applied).isEqualTo(count + 1);
		JdbcTemplate direct = new JdbcTemplate(database.dataSource());
		assertThat(direct.queryForObject("SELECT COUNT(DISTINCT version) FROM " + schema
				+ ".schema_migrations WHERE success", Integer.class)).isEqualTo(count + 1);
		assertThat(direct.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, schema + ".step_1_id")).isTrue();
		// A migration's SET search_path did not leak into the server connection others share.
		assertThat(new JdbcTemplate(pgbouncer.dataSource()).queryForObject("SHOW search_path", String.class))
			.doesNotContain("pg_catalog");
	}

}
