package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants on MariaDB, where a schema is a database: database per tenant on one server. Each
 * tenant's database is created if missing and holds its tables and history; one tenant that
 * refuses to run (a database with tables of its own and no history) stops no other; a tenant added
 * at runtime; and the pool's connections go back in the database they came from.
 */
class TenantsMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase database = new MariaDbDatabase();

	@TempDir
	static Path directory;

	static HikariDataSource pool;

	static MigrationFiles files;

	@BeforeAll
	static void setUp() {
		files = new MigrationFiles(directory);
		files.migration("1_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY, note varchar(100));",
				"DROP TABLE items;");
		files.migration("2_seed.sql", "INSERT INTO items (id, note) VALUES (1, '${flyway:defaultSchema}');",
				"DELETE FROM items;");
		pool = new HikariDataSource();
		pool.setJdbcUrl(database.jdbcUrl());
		pool.setUsername(database.user());
		pool.setPassword(database.password());
		// three connections a running tenant at most: a DDL statement's fence check borrows one
		pool.setMaximumPoolSize(9);
	}

	@AfterAll
	static void closePool() {
		pool.close();
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(pool);
	}

	Migrator migrator() {
		return new Migrator(pool, MigratorConfig.builder()
			.locations(files.location())
			.lockLease(Duration.ofSeconds(3))
			.build());
	}

	@Test
	void everyTenantDatabaseIsCreatedAndMigratedButTheOneThatRefuses() {
		List<String> tenants = new ArrayList<>(IntStream.rangeClosed(1, 12).mapToObj((i) -> database.schema("t" + i)).toList());
		String refusing = tenants.get(6);
		jdbc().execute("CREATE DATABASE " + refusing);
		jdbc().execute("CREATE TABLE " + refusing + ".legacy (id int)");
		Tenants run = new Tenants(migrator(), TenantSource.of(tenants), 3, false);

		TenantRunSummary summary = run.migrate();

		assertThat(summary.count(TenantResult.Outcome.APPLIED)).isEqualTo(11);
		assertThat(summary.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.tenant()).isEqualTo(refusing);
			assertThat(failure.failure()).isInstanceOf(MigrationAdoptionException.class);
		});
		for (String tenant : tenants) {
			if (!tenant.equals(refusing)) {
				assertThat(jdbc().queryForObject("SELECT note FROM " + tenant + ".items", String.class)).isEqualTo(tenant);
				assertThat(jdbc().queryForObject("SELECT count(*) FROM " + tenant + ".schema_migrations", Integer.class))
					.isEqualTo(2);
			}
		}
		// no one-query shortcut on MariaDB: each tenant's own light read finds it up to date
		TenantRunSummary again = run.migrate();
		assertThat(again.checkedAtOnce()).isZero();
		assertThat(again.count(TenantResult.Outcome.UP_TO_DATE)).isEqualTo(11);
		assertThat(run.status()).filteredOn((s) -> s.state() == TenantStatus.State.UP_TO_DATE).hasSize(11);
		assertThat(run.status()).filteredOn((s) -> s.tenant().equals(refusing))
			.extracting(TenantStatus::state)
			.containsExactly(TenantStatus.State.FAILED);
		for (int i = 0; i < 8; i++) {
			assertThat(jdbc().queryForObject("SELECT DATABASE()", String.class)).isEqualTo(database.name());
		}
	}

	@Test
	void aTenantAddedAtRuntimeGetsItsOwnDatabase() {
		String late = database.schema("late");
		TenantResult result = new Tenants(migrator(), TenantSource.of(), 2, false).migrate(late);

		assertThat(result.outcome()).isEqualTo(TenantResult.Outcome.APPLIED);
		assertThat(jdbc().queryForObject("SELECT note FROM " + late + ".items", String.class)).isEqualTo(late);
		assertThat(jdbc().queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
				+ "AND table_name = 'items'", Integer.class, database.name())).isZero();
	}

}
