package io.github.migrations;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tenants on H2 (a development database): each tenant's schema is created and holds its tables;
 * there is no digest query, so a second run reads each tenant's history.
 */
class TenantsH2Tests {

	@TempDir
	Path directory;

	@Test
	void eachTenantsTablesLandInItsOwnSchema() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);", "DROP TABLE items;");
		// H2 locks its catalog (SYS) for each DDL statement; two tenants at once on a loaded
		// machine can wait for it longer than H2's default lock timeout (1 s)
		DataSource dataSource = H2Database.dataSource(";LOCK_TIMEOUT=10000");
		Migrator migrator = new Migrator(dataSource, MigratorConfig.builder().locations(files.location()).build());
		Tenants tenants = new Tenants(migrator, TenantSource.of("H2_ACME", "H2_GLOBEX"), 2, false);

		assertThat(tenants.migrate().count(TenantResult.Outcome.APPLIED)).isEqualTo(2);

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ITEMS' "
				+ "AND table_schema IN ('H2_ACME', 'H2_GLOBEX')", Integer.class)).isEqualTo(2);
		TenantRunSummary again = tenants.migrate();
		assertThat(again.checkedAtOnce()).isZero();
		assertThat(again.count(TenantResult.Outcome.UP_TO_DATE)).isEqualTo(2);
	}

	@Test
	void aTenantNeverMigratedIsNewWithNoRowsThoughALocalFileLiesAboveTheTarget() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);", "DROP TABLE items;");
		files.migration("2_more.sql", "CREATE TABLE more_items (id bigint PRIMARY KEY);", "DROP TABLE more_items;");
		DataSource dataSource = H2Database.dataSource(";LOCK_TIMEOUT=10000");
		Migrator migrator = new Migrator(dataSource,
				MigratorConfig.builder().locations(files.location()).target(MigrationVersion.parse("1")).build());
		Tenants tenants = new Tenants(migrator, TenantSource.of("H2_NEW", "H2_DONE"), 1, false);
		tenants.migrate("H2_DONE");

		assertThat(tenants.status()).extracting(TenantStatus::tenant, TenantStatus::state, TenantStatus::applied)
			.containsExactlyInAnyOrder(tuple("H2_NEW", TenantStatus.State.NEW, 0),
					tuple("H2_DONE", TenantStatus.State.UP_TO_DATE, 1));
	}

}
