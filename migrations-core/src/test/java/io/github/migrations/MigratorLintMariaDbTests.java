package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.migrations.lint.LintViolation;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The linter inside {@link Migrator#migrate()} on a real MariaDB: the run lints with the MariaDB
 * rules of the connected database, {@code fail} stops before anything is created (on a database
 * whose DDL commits by itself, nothing half-applied), and waivers in {@code #} comments let it
 * through.
 */
class MigratorLintMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	@TempDir
	Path directory;

	private MigrationFiles files;

	private String schema;

	private JdbcTemplate jdbc;

	@BeforeEach
	void freshSchemaWithAnExistingTable() {
		this.files = new MigrationFiles(this.directory);
		this.schema = db.schema("l" + (++schemas));
		this.jdbc = new JdbcTemplate(db.dataSource());
		this.jdbc.execute("CREATE DATABASE " + this.schema);
		this.jdbc.execute("CREATE TABLE " + this.schema + ".orders (id BIGINT PRIMARY KEY, total INT, note TEXT)");
	}

	private Migrator migrator(LintMode lint) {
		return new Migrator(db.dataSource(this.schema), MigratorConfig.builder()
			.locations(this.files.location() + "/{vendor}")
			.lockLease(Duration.ofSeconds(2))
			.lint(lint)
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.build());
	}

	private List<String> tables() {
		return this.jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
				+ "ORDER BY table_name", String.class, this.schema);
	}

	@Test
	void failModeRefusesTheRunBeforeAnythingIsCreated() {
		this.files.migration("mariadb/1_customers.sql",
				"CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100));", "DROP TABLE customers;");
		this.files.migration("mariadb/2_total.sql", """
				CREATE TABLE audit (id BIGINT PRIMARY KEY);
				ALTER TABLE orders MODIFY total DECIMAL(12,2);""", "ALTER TABLE orders MODIFY total INT;");
		this.files.migration("postgresql/2_total.sql", "CREATE INDEX idx ON orders (total);", "DROP INDEX idx;");
		assertThatExceptionOfType(MigrationLintException.class).isThrownBy(migrator(LintMode.FAIL)::migrate)
			.satisfies((ex) -> {
				assertThat(ex.getViolations())
					.extracting((v) -> v.script().substring(v.script().lastIndexOf('/') + 1), LintViolation::line,
							LintViolation::ruleId)
					.containsExactly(tuple("2_total.sql", 3, "column-type-change"));
				assertThat(ex.getMessage()).contains("ALGORITHM=INPLACE, LOCK=NONE");
			});
		assertThat(tables()).containsExactly("orders");
		assertThat(this.jdbc.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_schema = ? "
				+ "AND table_name = 'orders' AND column_name = 'total'", String.class, this.schema)).isEqualTo("int");
	}

	@Test
	void failModeAppliesWhatIsStatedOnlineOrWaivedInAHashComment() {
		this.files.migration("mariadb/1_orders.sql", """
				ALTER TABLE orders ADD INDEX idx_orders_total (total), ALGORITHM=INPLACE, LOCK=NONE;
				# migrations:allow optimize-table the table is tiny in this service
				OPTIMIZE TABLE orders;""", "ALTER TABLE orders DROP INDEX idx_orders_total;");
		RunResult result = migrator(LintMode.FAIL).migrate();
		assertThat(result.migrations()).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM information_schema.statistics WHERE table_schema = ? "
				+ "AND index_name = 'idx_orders_total'", Integer.class, this.schema)).isEqualTo(1);
	}

}
