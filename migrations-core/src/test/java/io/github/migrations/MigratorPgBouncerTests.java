package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

	@Test
	void killedHolderBehindThePoolerIsTakenOverAfterItsLeaseAndEveryMigrationIsAppliedOnce() throws Exception {
		// longer than the other tests' 3 s, so that the lease still runs for a while at the kill
		Duration lease = Duration.ofSeconds(6);
		String schema = "bouncer_kill" + System.nanoTime();
		JdbcTemplate direct = new JdbcTemplate(database.dataSource());
		direct.execute("CREATE SCHEMA " + schema);
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		for (int i = 1; i <= 3; i++) {
			String up = "CREATE TABLE " + schema + ".step_" + i + " (id int);";
			String down = "DROP TABLE " + schema + ".step_" + i + ";";
			slow.migration(version(i) + "_step_" + i + ".sql", (i == 2) ? up + "\nSELECT pg_sleep(60);" : up, down);
			fixed.migration(version(i) + "_step_" + i + ".sql", up, down);
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				MigrateMain.class.getName(), pgbouncer.jdbcUrl(), database.user(), schema, slow.location(),
				String.valueOf(lease.toMillis()), "-")
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("out-killed").toFile())
			.start();
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (direct.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'", Integer.class) == 0) {
				assertThat(holder.isAlive()).as("holder process alive").isTrue();
				assertThat(System.nanoTime()).as("holder reached the slow migration").isLessThan(deadline);
				Thread.sleep(20);
			}
			Map<String, Object> row = direct.queryForMap("SELECT holder_session, lease_expires_at, "
					+ "lease_expires_at - clock_timestamp() > interval '2 seconds' AS running FROM " + schema
					+ ".migration_lock");
			assertThat(row.get("holder_session")).as("no session recorded through the pooler").isNull();
			assertThat(row.get("running")).as("the lease still runs at the kill").isEqualTo(true);
			holder.destroyForcibly();
			long killedAt = System.nanoTime();
			MigratorConfig config = MigratorConfig.builder()
				.schema(schema)
				.locations(fixed.location())
				.lockLease(lease)
				.lockWaitTimeout(Duration.ofMinutes(2))
				.build();
			RunResult next = new Migrator(pgbouncer.dataSource(), config).migrate();
			System.out.printf("kill -9 through PgBouncer (lease %d s): the next runner was done %d ms after the kill%n",
					lease.toSeconds(), (System.nanoTime() - killedAt) / 1_000_000);
			assertThat(next.migrations()).extracting((m) -> m.version().toString())
				.containsExactly(version(2), version(3));
			assertThat(direct.queryForObject("SELECT executed_at >= ? FROM " + schema
					+ ".schema_migrations WHERE version = ?", Boolean.class, row.get("lease_expires_at"), version(2)))
				.as("taken over only after the lease").isTrue();
		}
		finally {
			holder.destroyForcibly();
		}
		new RunnerRace(database.dataSource(), database.jdbcUrl(), database.user(), database.password(), schema, lease, this.directory)
			.assertEveryVersionRecordedOnce(direct, 3);
		assertThat(direct.queryForObject("SELECT COUNT(*) FROM pg_tables WHERE schemaname = ? AND tablename LIKE 'step%'",
				Integer.class, schema)).isEqualTo(3);
	}

}
