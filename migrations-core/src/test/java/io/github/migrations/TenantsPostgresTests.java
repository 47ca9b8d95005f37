package io.github.migrations;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Many tenants, each a schema with its own history and lock, migrated by {@link Tenants} on a real
 * PostgreSQL: one failing tenant among 200, fail-fast, a tenant added at runtime, two runners over
 * the same tenants, and the one query that finds up-to-date tenants.
 */
class TenantsPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@TempDir
	static Path directory;

	static HikariDataSource pool;

	static MigrationFiles files;

	@BeforeAll
	static void writeMigrations() {
		files = new MigrationFiles(directory);
		files.migration("1_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);", "DROP TABLE items;");
		files.migration("2_note.sql", "ALTER TABLE items ADD COLUMN note text;", "ALTER TABLE items DROP COLUMN note;");
		// a tenant named like 'bad_%' fails here, after its first two migrations committed
		files.migration("3_seed.sql", """
				DO $$ BEGIN
				  IF '${flyway:defaultSchema}' LIKE 'bad%' THEN RAISE EXCEPTION 'tenant refuses the seed'; END IF;
				END $$;
				INSERT INTO items (id, note) VALUES (1, '${flyway:defaultSchema}');
				""", "DELETE FROM items;");
		pool = new HikariDataSource();
		pool.setJdbcUrl(database.jdbcUrl());
		pool.setUsername(database.user());
		pool.setPassword(database.password());
		pool.setMaximumPoolSize(14);
	}

	@AfterAll
	static void closePool() {
		pool.close();
	}

	static Migrator migrator(DataSource dataSource) {
		return new Migrator(dataSource, MigratorConfig.builder()
			.locations(files.location())
			.lockLease(Duration.ofSeconds(3))
			.build());
	}

	static List<String> names(String prefix, int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> String.format("%s_%03d", prefix, i)).toList();
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(pool);
	}

	int historyRows(String schema) {
		return jdbc().queryForObject("SELECT count(*) FROM \"" + schema + "\".schema_migrations WHERE success",
				Integer.class);
	}

	@Test
	void migratesEveryTenantButTheFailingOneAndSaysWhichFailed() {
		List<String> tenants = new ArrayList<>(names("a", 200));
		tenants.set(116, "bad_117");
		Tenants run = new Tenants(migrator(pool), TenantSource.of(tenants), 4, false);

		TenantRunSummary summary = run.migrate();

		assertThat(summary.results()).hasSize(200);
		assertThat(summary.count(TenantResult.Outcome.APPLIED)).isEqualTo(199);
		assertThat(summary.count(TenantResult.Outcome.FAILED)).isEqualTo(1);
		assertThat(summary.migrationsApplied()).isEqualTo(199 * 3 + 2);
		assertThat(summary.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.tenant()).isEqualTo("bad_117");
			assertThat(failure.applied()).as("its first two migrations committed").isEqualTo(2);
			assertThat(failure.failure()).hasMessageContaining("tenant refuses the seed");
		});
		assertThat(summary.describe()).contains("199 applied (599 migrations)", "1 failed [bad_117: ");
		// each tenant's rows landed in its own schema, the placeholder naming it
		List<String> withNote = jdbc().queryForList("SELECT table_schema FROM information_schema.columns "
				+ "WHERE table_name = 'items' AND column_name = 'note'", String.class);
		assertThat(withNote).hasSize(200).contains("bad_117", "a_001", "a_200");
		assertThat(jdbc().queryForObject("SELECT note FROM a_042.items", String.class)).isEqualTo("a_042");
		assertThat(historyRows("a_200")).isEqualTo(3);
		assertThat(historyRows("bad_117")).isEqualTo(2);
		// nothing of ours in the connection's own schema
		assertThat(jdbc().queryForObject("SELECT to_regclass('public.schema_migrations') IS NULL", Boolean.class))
			.isTrue();

		List<TenantStatus> status = run.status();
		assertThat(status).filteredOn((s) -> s.state() == TenantStatus.State.UP_TO_DATE).hasSize(199);
		assertThat(status).filteredOn((s) -> s.state() == TenantStatus.State.FAILED)
			.singleElement()
			.satisfies((s) -> {
				assertThat(s.tenant()).isEqualTo("bad_117");
				assertThat(s.error()).contains("tenant refuses the seed");
			});

		TenantRunSummary again = run.migrate();
		assertThat(again.checkedAtOnce()).isEqualTo(199);
		assertThat(again.count(TenantResult.Outcome.UP_TO_DATE)).isEqualTo(199);
		assertThat(again.failures()).extracting(TenantResult::tenant).containsExactly("bad_117");
	}

	@Test
	void upToDateTenantsAreRecognisedByOneQueryOnOneConnection() {
		List<String> tenants = names("q", 30);
		new Tenants(migrator(pool), TenantSource.of(tenants), 4, false).migrate();
		CountingDataSource counting = new CountingDataSource(pool);

		TenantRunSummary summary = new Tenants(migrator(counting), TenantSource.of(tenants), 4, false).migrate();

		assertThat(summary.checkedAtOnce()).isEqualTo(30);
		assertThat(summary.count(TenantResult.Outcome.UP_TO_DATE)).isEqualTo(30);
		assertThat(counting.connections.get()).isEqualTo(1);
		assertThat(counting.statements.get()).isEqualTo(1);
	}

	@Test
	void tenantsBeyondOneBatchAreReadInOneQueryPerBatchOfTwoHundred() {
		new Tenants(migrator(pool), TenantSource.of("b_001"), 1, false).migrate();
		List<String> tenants = names("b", 450);
		// the others get a copy of the first one's history: what the one query reads
		StringBuilder copies = new StringBuilder("DO $$ BEGIN\n");
		for (String tenant : tenants.subList(1, tenants.size())) {
			copies.append("CREATE SCHEMA ").append(tenant).append("; CREATE TABLE ").append(tenant)
				.append(".schema_migrations (LIKE b_001.schema_migrations INCLUDING ALL); INSERT INTO ").append(tenant)
				.append(".schema_migrations SELECT * FROM b_001.schema_migrations;\n");
		}
		jdbc().execute(copies.append("END $$").toString());
		CountingDataSource counting = new CountingDataSource(pool);

		TenantRunSummary summary = new Tenants(migrator(counting), TenantSource.of(tenants), 4, false).migrate();

		assertThat(summary.checkedAtOnce()).isEqualTo(450);
		assertThat(counting.statements.get()).isEqualTo(3);
		assertThat(counting.connections.get()).isEqualTo(3);
	}

	@Test
	void aTenantWhoseHistoryDiffersIsRunEvenThoughItsRowCountMatches() {
		List<String> tenants = names("e", 3);
		Tenants run = new Tenants(migrator(pool), TenantSource.of(tenants), 2, false);
		run.migrate();
		jdbc().update("UPDATE e_002.schema_migrations SET checksum = 'edited' WHERE version = '2'");

		TenantRunSummary summary = run.migrate();

		assertThat(summary.checkedAtOnce()).isEqualTo(2);
		assertThat(summary.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.tenant()).isEqualTo("e_002");
			assertThat(failure.failure()).isInstanceOf(MigrationValidationException.class);
		});
		assertThat(run.status()).filteredOn((s) -> s.tenant().equals("e_002"))
			.extracting(TenantStatus::state)
			.containsExactly(TenantStatus.State.FAILED);
	}

	@Test
	void aTenantAddedAtRuntimeIsMigratedAloneAndItsSchemaCreated() {
		Migrator migrator = migrator(pool);
		Tenants run = new Tenants(migrator, TenantSource.of(List.of()), 4, false);

		TenantResult result = run.migrate("late_signup");

		assertThat(result.outcome()).isEqualTo(TenantResult.Outcome.APPLIED);
		assertThat(result.applied()).isEqualTo(3);
		assertThat(historyRows("late_signup")).isEqualTo(3);
		assertThat(migrator.tenant("late_signup").status().pending()).isEmpty();
		assertThat(migrator.tenant("late_signup").migrate().migrations()).isEmpty();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> migrator.tenant("Late Signup"))
			.withMessageContaining("schema 'Late Signup' is not a plain SQL identifier");
		// the connections went back to the pool with their search_path reset
		for (int i = 0; i < 10; i++) {
			assertThat(jdbc().queryForObject("SHOW search_path", String.class)).isEqualTo("\"$user\", public");
		}
	}

	@Test
	void failFastStartsNoTenantAfterTheFirstFailure() {
		List<String> tenants = List.of("f_1", "f_2", "bad_f_3", "f_4", "f_5", "f_6");
		Tenants run = new Tenants(migrator(pool), TenantSource.of(tenants), 1, true);

		assertThatExceptionOfType(MigrationException.class).isThrownBy(run::migrate)
			.withMessageContaining("Tenant bad_f_3 failed, and fail-fast stopped the run");

		TenantRunSummary summary = run.lastRun();
		assertThat(summary).isNotNull();
		assertThat(summary.results()).extracting(TenantResult::outcome)
			.containsExactly(TenantResult.Outcome.APPLIED, TenantResult.Outcome.APPLIED, TenantResult.Outcome.FAILED,
					TenantResult.Outcome.SKIPPED, TenantResult.Outcome.SKIPPED, TenantResult.Outcome.SKIPPED);
		assertThat(jdbc().queryForObject("SELECT to_regnamespace('f_4') IS NULL", Boolean.class)).isTrue();
	}

	@Test
	void twoRunnersStartingTogetherApplyEveryTenantsMigrationsOnce() throws Exception {
		List<String> tenants = names("r", 40);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<TenantRunSummary>> runs = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				// each runner a Migrator of its own, as two application instances have
				Tenants run = new Tenants(migrator(pool), TenantSource.of(tenants), 3, false);
				runs.add(threads.submit((Callable<TenantRunSummary>) () -> {
					go.await();
					return run.migrate();
				}));
			}
			go.countDown();
			int applied = 0;
			for (Future<TenantRunSummary> run : runs) {
				TenantRunSummary summary = run.get();
				assertThat(summary.failures()).isEmpty();
				applied += summary.migrationsApplied();
			}
			assertThat(applied).isEqualTo(40 * 3);
		}
		finally {
			threads.shutdownNow();
		}
		for (String tenant : tenants) {
			assertThat(historyRows(tenant)).isEqualTo(3);
			assertThat(jdbc().queryForObject("SELECT count(*) FROM " + tenant + ".items", Integer.class)).isEqualTo(1);
		}
	}

	/**
	 * Counts the connections borrowed and the statements made on them.
	 */
	static final class CountingDataSource extends DelegatingDataSource {

		final AtomicInteger connections = new AtomicInteger();

		final AtomicInteger statements = new AtomicInteger();

		CountingDataSource(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.connections.incrementAndGet();
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						if (method.getName().equals("createStatement") || method.getName().startsWith("prepare")) {
							this.statements.incrementAndGet();
						}
						try {
							return method.invoke(connection, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getTargetException();
						}
					});
		}

	}

}
