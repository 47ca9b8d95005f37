package io.github.migrations.adopt;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Baseline and refusal on H2, where unquoted names fold to upper case.
 */
class BaselineH2Tests {

	@TempDir
	Path directory;

	private DataSource dataSource;

	private MigrationFiles files;

	@BeforeEach
	void twoMigrations() {
		this.dataSource = H2Database.dataSource();
		this.files = new MigrationFiles(this.directory);
		this.files.migration("1_create_customer.sql", "CREATE TABLE customer (id bigint);", "DROP TABLE customer;");
		this.files.migration("2_create_orders.sql", "CREATE TABLE orders (id bigint);", "DROP TABLE orders;");
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder().locations(this.files.location());
	}

	@Test
	void aSchemaWithTablesOfItsOwnIsRefused() {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE customer (id bigint)");
		assertThatExceptionOfType(MigrationAdoptionException.class)
			.isThrownBy(() -> new Migrator(this.dataSource, config().build()).migrate())
			.withMessageContaining("1 table: CUSTOMER")
			.withMessageContaining("migrations.baseline-on-migrate=true");
	}

	@Test
	void aSchemaIsJudgedBeforeTheBeforeMigrateCallbacksRunAsFlywayJudgesIt() {
		this.files.write("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS callback_ran (id int);\n");
		// new: the callback's table does not make it a schema with tables of its own
		assertThat(new Migrator(this.dataSource, config().build()).migrate().migrations()).hasSize(2);

		// with tables and no history: refused before the callback runs
		DataSource other = H2Database.dataSource();
		new JdbcTemplate(other).execute("CREATE TABLE customer (id bigint)");
		assertThatExceptionOfType(MigrationAdoptionException.class)
			.isThrownBy(() -> new Migrator(other, config().build()).migrate());
		assertThat(new JdbcTemplate(other).queryForObject(
				"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'CALLBACK_RAN'", Integer.class))
			.isZero();
	}

	@Test
	void baselineOnMigrateRecordsTheBaselineAndRunsTheRest() {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE customer (id bigint)");
		Migrator migrator = new Migrator(this.dataSource, config().baselineOnMigrate(true).build());
		RunResult result = migrator.migrate();
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("2");
		assertThat(migrator.status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.BASELINED, MigrationState.BASELINE, MigrationState.APPLIED);
		// a second start finds the history: nothing more to do, and no baseline again
		assertThat(new Migrator(this.dataSource, config().baselineOnMigrate(true).build()).migrate().migrations())
			.isEmpty();
	}

	@Test
	void anExplicitBaselineMarksTheVersionsBelowItBaselined() {
		Migrator migrator = new Migrator(this.dataSource, config().build());
		migrator.baseline();
		List<MigrationInfo> status = migrator.status().migrations();
		assertThat(status).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.BASELINED, MigrationState.BASELINE, MigrationState.PENDING);
		assertThat(migrator.migrate().migrations()).extracting((m) -> m.version().toString()).containsExactly("2");
	}

}
