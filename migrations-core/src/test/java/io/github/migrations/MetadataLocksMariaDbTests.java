package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.migrations.preflight.PreflightConfig;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PerformanceSchemaMariaDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@code performance_schema.metadata_locks} on (a server of its own: MariaDB's performance
 * schema is off by default and switched on only at start), the blocking session is named with the
 * metadata lock it holds on the migration's table, read from the view, not guessed from an open
 * transaction in the table's database: by the lock-timeout report and by the pre-flight check.
 */
class MetadataLocksMariaDbTests {

	@RegisterExtension
	static final PerformanceSchemaMariaDb server = new PerformanceSchemaMariaDb();

	private static int databases;

	@TempDir
	Path directory;

	private MigrationFiles files;

	private String database;

	private DataSource dataSource;

	@BeforeEach
	void ordersTable() throws SQLException {
		this.files = new MigrationFiles(this.directory);
		this.database = server.createDatabase("mdl" + (++databases));
		this.dataSource = server.dataSource(this.database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE orders (id INT PRIMARY KEY) ENGINE = InnoDB");
		jdbc.execute("CREATE TABLE other (id INT PRIMARY KEY) ENGINE = InnoDB");
		this.files.migration("1_add_note.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(100);",
				"ALTER TABLE orders DROP COLUMN note;");
	}

	@Test
	void theLockTimeoutReportNamesTheMetadataLockTheBlockerHolds() throws Exception {
		try (Connection blocker = MariaDbDatabase.openTransactionReading(this.dataSource, "orders");
				Connection bystander = MariaDbDatabase.openTransactionReading(this.dataSource, "other")) {
			long blockerId = MariaDbDatabase.connectionId(blocker);
			long bystanderId = MariaDbDatabase.connectionId(bystander);
			assertThatExceptionOfType(MigrationExecutionException.class)
				.isThrownBy(() -> migrator((p) -> p.enabled(false)).migrate())
				.satisfies((ex) -> assertThat(ex.getAction()).contains("blocked by id " + blockerId + " (root@")
					.contains(this.database + ".orders SHARED_READ")
					.doesNotContain("possibly")
					.doesNotContain("id " + bystanderId + " "));
		}
	}

	@Test
	void thePreflightCheckNamesTheMetadataLockAndLeavesOutATransactionOnAnotherTable() throws Exception {
		try (Connection blocker = MariaDbDatabase.openTransactionReading(this.dataSource, "orders");
				Connection bystander = MariaDbDatabase.openTransactionReading(this.dataSource, "other")) {
			long blockerId = MariaDbDatabase.connectionId(blocker);
			// the processlist counts idle time in whole seconds
			Thread.sleep(1100);
			assertThatExceptionOfType(MigrationPreflightException.class)
				.isThrownBy(() -> migrator((p) -> p.idleInTransactionThreshold(Duration.ofMillis(500))).migrate())
				.satisfies((ex) -> assertThat(ex.getBlocking()).singleElement().satisfies((result) -> {
					assertThat(result.check()).isEqualTo("blocking-sessions");
					assertThat(result.details()).containsEntry("pid", String.valueOf(blockerId));
					assertThat(result.details().get("locks")).isEqualTo(this.database + ".orders SHARED_READ");
				}));
		}
		assertThat(migrator((p) -> p.idleInTransactionThreshold(Duration.ofMillis(500))).migrate().migrations())
			.hasSize(1);
	}

	private Migrator migrator(Consumer<PreflightConfig.Builder> preflight) {
		return new Migrator(this.dataSource, MigratorConfig.builder()
			.locations(this.files.location())
			.lockTimeout(Duration.ofSeconds(1))
			.lockRetries(0)
			.lockLease(Duration.ofSeconds(3))
			.lint(LintMode.OFF)
			.preflight(preflight)
			// the fixture's tables are the database's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.build());
	}

}
