package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PrivatePostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * PostgreSQL restarted while a migration runs, on a server of the test's own: the run fails with
 * a clear error, leaves no row and no partial DDL, and the next run completes.
 */
@Tag("slow")
class MigratorServerRestartPostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	@RegisterExtension
	static final PrivatePostgres server = new PrivatePostgres();

	@TempDir
	Path directory;

	@ParameterizedTest(name = "pg_ctl restart -m {0}")
	@ValueSource(strings = { "immediate", "fast" })
	void runInterruptedByAServerRestartFailsCleanlyAndTheNextRunCompletes(String mode) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(server.dataSource());
		String schema = "restart_" + mode;
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		files.migration("1_orders.sql", "CREATE TABLE " + schema + ".orders (id int);\nSELECT pg_sleep(30);",
				"DROP TABLE " + schema + ".orders;");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		long restarted;
		try {
			Future<RunResult> run = executor.submit(() -> new Migrator(server.dataSource(), config(schema,
					files.location())).migrate());
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' "
					+ "AND query LIKE 'SELECT pg_sleep(30)%'", Integer.class) == 0) {
				assertThat(System.nanoTime()).as("migration reached pg_sleep").isLessThan(deadline);
				Thread.sleep(20);
			}
			long before = System.nanoTime();
			server.restart(mode);
			restarted = System.nanoTime();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> run.get(30, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(MigrationExecutionException.class)
				.withMessageContaining("Migration 1 failed")
				.withMessageContaining("1_orders.sql")
				.withMessageContaining("statement: SELECT pg_sleep(30)")
				.withMessageContaining("line: 3")
				.withMessageContaining("The connection to the database was lost while the migration ran")
				.withMessageContaining("nothing of it was applied");
			System.out.println("Server restart (" + mode + ") took " + Duration.ofNanos(restarted - before).toMillis()
					+ " ms; the run had failed " + Duration.ofNanos(System.nanoTime() - before).toMillis()
					+ " ms after the restart began");
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, schema + ".orders")).isTrue();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + schema + ".schema_migrations", Integer.class)).isZero();
		MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
		fixed.migration("1_orders.sql", "CREATE TABLE " + schema + ".orders (id int);",
				"DROP TABLE " + schema + ".orders;");
		RunResult next = new Migrator(server.dataSource(), config(schema, fixed.location())).migrate();
		System.out.println("Server restart (" + mode + "): next run waited " + next.lockWait().toMillis()
				+ " ms for the lock, done " + Duration.ofNanos(System.nanoTime() - restarted).toMillis()
				+ " ms after the server was back");
		assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly("1");
		assertThat(jdbc.queryForList("SELECT version FROM " + schema + ".schema_migrations WHERE success",
				String.class)).containsExactly("1");
		assertThat(jdbc.queryForObject("SELECT is_locked FROM " + schema + ".migration_lock", Boolean.class)).isFalse();
	}

	private static MigratorConfig config(String schema, String location) {
		return MigratorConfig.builder()
			.schema(schema)
			.locations(location)
			.lockLease(LEASE)
			.lockWaitTimeout(Duration.ofSeconds(30))
			.build();
	}

}
