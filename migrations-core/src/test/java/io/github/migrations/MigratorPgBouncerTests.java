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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runners racing through PgBouncer in transaction pooling mode with one server connection: the
 * engine keeps no session state, and its lock never waits on the connection the migration holds.
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
	void racingRunnersApplyEveryMigrationExactlyOnceThroughTransactionPooling() throws Exception {
		String schema = "bouncer" + System.nanoTime();
		new JdbcTemplate(database.dataSource()).execute("CREATE SCHEMA " + schema);
		MigrationFiles files = new MigrationFiles(this.directory);
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
