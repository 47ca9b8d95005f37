package io.github.migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race and {@code kill -9} of {@link AbstractMigratorRaceTests} on PostgreSQL, where a killed
 * runner's DDL goes with its transaction, plus what only PostgreSQL has: a runner paused past its
 * lease (its session ended by {@code idle_in_transaction_session_timeout}) and
 * {@code CREATE INDEX CONCURRENTLY} among polling runners and traffic.
 */
class MigratorRacePostgresTests extends AbstractMigratorRaceTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "race");

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.schema = this.testSchema.name();
	}

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	String jdbcUrl() {
		return database.jdbcUrl();
	}

	@Override
	String user() {
		return database.user();
	}

	@Override
	String password() {
		return database.password();
	}

	@Override
	String schema() {
		return this.schema;
	}

	@Override
	String sleep(double seconds) {
		return "SELECT pg_sleep(" + ((seconds == Math.rint(seconds)) ? String.valueOf((long) seconds)
				: String.valueOf(seconds)) + ")";
	}

	@Override
	int sessionsRunning(String prefix) {
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND state = 'active' AND query LIKE ?", Integer.class, prefix + "%");
		return (count != null) ? count : 0;
	}

	@Override
	int tableCount() {
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM pg_tables WHERE schemaname = ?", Integer.class,
				this.schema);
		return (count != null) ? count : 0;
	}

	@Override
	String transactionalWork() {
		// DDL too: PostgreSQL takes it back with the transaction
		return "CREATE TABLE " + this.schema + ".orders (id int);\nINSERT INTO " + this.schema + ".users VALUES (1);";
	}

	@Override
	void assertKilledMigrationLeftNothingElse() {
		assertThat(this.testSchema.tableExists("orders")).isFalse();
	}

	@Test
	void runnerPausedInTheMiddleOfAMigrationPastItsLeaseCommitsNothingAfterItResumes() throws Exception {
		MigrationFiles slow = new MigrationFiles(this.directory.resolve("slow"));
		slow.migration(version(1) + "_users.sql", "CREATE TABLE " + this.schema + ".users (id int);",
				"DROP TABLE " + this.schema + ".users;");
		slow.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);\n"
				+ "SELECT pg_sleep(2);\nINSERT INTO " + this.schema + ".orders VALUES (1);",
				"DROP TABLE " + this.schema + ".orders;");
		Path out = this.directory.resolve("out-paused");
		Process paused = runner(slow.location(), out, "-");
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (sessionsRunning("SELECT pg_sleep(2)") == 0) {
				assertThat(paused.isAlive()).as("runner process alive").isTrue();
				assertThat(System.nanoTime()).as("runner reached the slow migration").isLessThan(deadline);
				Thread.sleep(20);
			}
			signal("STOP", paused);
			// While it is stopped, its session goes idle in its transaction and the server ends it
			// after the lease; the next runner takes over.
			MigrationFiles fixed = new MigrationFiles(this.directory.resolve("fixed"));
			fixed.write(version(1) + "_users.sql",
					Files.readString(slow.directory().resolve(version(1) + "_users.sql")));
			fixed.migration(version(2) + "_orders.sql", "CREATE TABLE " + this.schema + ".orders (id int);",
					"DROP TABLE " + this.schema + ".orders;");
			RunResult next = new Migrator(database.dataSource(), config(fixed.location())).migrate();
			assertThat(next.migrations()).extracting((m) -> m.version().toString()).containsExactly(version(2));
			signal("CONT", paused);
			assertThat(paused.waitFor(30, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(out);
			System.out.println("Paused runner after SIGCONT:\n" + output);
			assertThat(paused.exitValue()).as(output).isEqualTo(1);
			MigratorTakeoverPostgresTests.assertLostLockReport(output, version(2), "orders");
		}
		finally {
			signal("CONT", paused);
			paused.destroyForcibly();
		}
		assertThat(jdbc().queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY version",
				String.class)).containsExactly(version(1), version(2));
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM " + this.schema + ".orders", Integer.class)).isZero();
	}

	@Test
	void createIndexConcurrentlyFinishesWhileOtherRunnersPollForTheLockAndTrafficRuns() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("sql"));
		files.migration(version(1) + "_items.sql", "CREATE TABLE " + this.schema
				+ ".items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku int NOT NULL);\n" + "INSERT INTO "
				+ this.schema + ".items (sku) SELECT g FROM generate_series(1, 50000) g;",
				"DROP TABLE " + this.schema + ".items;");
		files.write(version(2) + "_items_sku.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "
				+ "items_sku ON " + this.schema + ".items (sku);\n\n-- +migrate Down notransaction\n"
				+ "DROP INDEX CONCURRENTLY IF EXISTS " + this.schema + ".items_sku;\n");
		files.migration(version(3) + "_after.sql", "CREATE TABLE " + this.schema + ".after_index (id int);",
				"DROP TABLE " + this.schema + ".after_index;");
		new Migrator(database.dataSource(), config(files.location()).toBuilder().target(MigrationVersion.parse(version(1)))
			.build()).migrate();
		int runners = 4;
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger writes = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(runners + 1);
		try {
			Future<?> traffic = executor.submit(() -> {
				start.await();
				JdbcTemplate app = new JdbcTemplate(database.dataSource());
				while (!done.get()) {
					app.update("INSERT INTO " + this.schema + ".items (sku) VALUES (?)", writes.incrementAndGet());
				}
				return null;
			});
			List<Future<RunResult>> results = new ArrayList<>();
			for (int i = 0; i < runners; i++) {
				Migrator migrator = new Migrator(database.dataSource(), config(files.location()));
				results.add(executor.submit(() -> {
					start.await();
					return migrator.migrate();
				}));
			}
			start.countDown();
			int applied = 0;
			for (Future<RunResult> result : results) {
				applied += result.get(60, TimeUnit.SECONDS).migrations().size();
			}
			done.set(true);
			traffic.get(10, TimeUnit.SECONDS);
			assertThat(applied).isEqualTo(2);
			assertThat(writes.get()).isPositive();
		}
		finally {
			done.set(true);
			executor.shutdownNow();
		}
		assertThat(jdbc().queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)",
				Boolean.class, this.schema + ".items_sku")).isTrue();
	}

	private static void signal(String signal, Process process) throws Exception {
		new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
	}

}
