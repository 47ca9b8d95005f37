package io.github.migrations.adopt;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Baseline and refusal on MariaDB, where a schema is a database and the driver names it as the
 * catalog ({@code TABLE_SCHEM} is {@code NULL}): the tables of the migrated database are found,
 * those of another database on the server are not. Each test works in a database of its own.
 */
class BaselineMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int databases;

	@TempDir
	Path directory;

	private String database = "";

	private DataSource dataSource;

	private MigrationFiles files;

	@BeforeEach
	void twoMigrations() {
		this.database = db.schema("b" + (++databases));
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + this.database);
		this.dataSource = db.dataSource(this.database);
		this.files = new MigrationFiles(this.directory);
		this.files.migration("1_create_customer.sql", "CREATE TABLE customer (id bigint);", "DROP TABLE customer;");
		this.files.migration("2_create_orders.sql", "CREATE TABLE orders (id bigint);", "DROP TABLE orders;");
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder().locations(this.files.location());
	}

	@Test
	void aDatabaseWithTablesOfItsOwnIsRefused() {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE customer (id bigint)");
		assertThatExceptionOfType(MigrationAdoptionException.class)
			.isThrownBy(() -> new Migrator(this.dataSource, config().build()).migrate())
			.withMessageContaining("1 table: customer")
			.withMessageContaining("migrations.baseline-on-migrate=true");
	}

	@Test
	void tablesOfAnotherDatabaseOnTheServerDoNotCount() {
		String other = db.schema("other" + databases);
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + other);
		new JdbcTemplate(db.dataSource()).execute("CREATE TABLE " + other + ".customer (id bigint)");
		assertThat(new Migrator(this.dataSource, config().build()).migrate().migrations()).hasSize(2);
	}

	@Test
	void baselineOnMigrateRecordsTheBaselineAndRunsTheRest() {
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE customer (id bigint)");
		Migrator migrator = new Migrator(this.dataSource, config().baselineOnMigrate(true).build());
		RunResult result = migrator.migrate();
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("2");
		assertThat(migrator.status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.BASELINED, MigrationState.BASELINE, MigrationState.APPLIED);
		assertThat(new Migrator(this.dataSource, config().baselineOnMigrate(true).build()).migrate().migrations())
			.isEmpty();
	}

	@Test
	void aConfiguredSchemaOtherThanTheConnectionsIsTheOneJudged() {
		String app = db.schema("app" + databases);
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + app);
		new JdbcTemplate(db.dataSource()).execute("CREATE TABLE " + app + ".customer (id bigint)");
		// the connection's database is empty; the configured one has a table of its own
		assertThatExceptionOfType(MigrationAdoptionException.class)
			.isThrownBy(() -> new Migrator(this.dataSource, config().schema(app).build()).migrate())
			.withMessageContaining("1 table: customer");
	}

}
