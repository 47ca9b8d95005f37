package io.github.migrations;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.migrations.MigratorPreflightPostgresTests.Recorder;
import io.github.migrations.preflight.MaintenanceWindow;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightStatus;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The pre-flight checks on H2: the checks that need PostgreSQL's views are reported as skipped
 * (never failed), the maintenance window and the application's checks still run, and the switch
 * turns them all off.
 */
class MigratorPreflightH2Tests {

	@TempDir
	Path directory;

	private DataSource dataSource;

	private final Recorder recorder = new Recorder();

	@BeforeEach
	void freshDatabaseWithOneMigration() {
		this.dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE orders (id INT PRIMARY KEY)");
		new MigrationFiles(this.directory).migration("1_add_note.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(100);",
				"ALTER TABLE orders DROP COLUMN note;");
	}

	@Test
	void postgresqlChecksAreSkippedAndTheRunGoesOn() {
		RunResult result = migrator(MigratorConfig.builder()).migrate();
		assertThat(result.migrations()).hasSize(1);
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status)
			.containsExactly(tuple("blocking-sessions", PreflightStatus.SKIPPED),
					tuple("table-size", PreflightStatus.SKIPPED), tuple("active-connections", PreflightStatus.SKIPPED),
					tuple("replication", PreflightStatus.SKIPPED));
		assertThat(this.recorder.last()).allSatisfy((r) -> assertThat(r.message()).endsWith("not available on h2"));
	}

	@Test
	void theMaintenanceWindowAndApplicationChecksStillRun() {
		MigratorConfig.Builder builder = MigratorConfig.builder()
			.preflight((p) -> p.maintenanceWindow(MaintenanceWindow.parse("22:00-04:00", ZoneOffset.UTC))
				.clock(Clock.fixed(Instant.parse("2024-01-15T12:00:00Z"), ZoneOffset.UTC))
				.check(MigratorPreflightPostgresTests.check("counts-orders", (context) -> List.of(PreflightResult.passed(
						"counts-orders", context.jdbcTemplate().queryForObject("SELECT count(*) FROM orders", Integer.class)
								+ " orders, tables known: " + context.tables())))));
		Migrator migrator = migrator(builder);
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getBlocking()).extracting(PreflightResult::check)
				.containsExactly("maintenance-window"));
		assertThat(new JdbcTemplate(this.dataSource).queryForObject(
				"SELECT count(*) FROM information_schema.tables WHERE table_name IN ('schema_migrations', 'migration_lock')",
				Integer.class)).isZero();
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status, PreflightResult::message)
			.contains(tuple("counts-orders", PreflightStatus.PASSED, "0 orders, tables known: []"));
	}

	@Test
	void switchedOffNothingRuns() {
		MigratorConfig.Builder builder = MigratorConfig.builder()
			.preflight((p) -> p.enabled(false)
				.maintenanceWindow(MaintenanceWindow.parse("22:00-04:00", ZoneOffset.UTC))
				.clock(Clock.fixed(Instant.parse("2024-01-15T12:00:00Z"), ZoneOffset.UTC)));
		assertThat(migrator(builder).migrate().migrations()).hasSize(1);
		assertThat(this.recorder.runs).isEmpty();
	}

	private Migrator migrator(MigratorConfig.Builder builder) {
		return new Migrator(this.dataSource,
				builder.locations("filesystem:" + this.directory.toAbsolutePath())
					.listener(this.recorder)
					// the fixture's table is the schema's own: a baseline at 0 starts the history
					.baselineOnMigrate(true)
					.baselineVersion(MigrationVersion.parse("0"))
					.build());
	}

}
