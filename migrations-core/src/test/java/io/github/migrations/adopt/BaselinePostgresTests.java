package io.github.migrations.adopt;

import java.nio.file.Path;
import java.time.Duration;

import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A schema with tables of its own and no history is refused by default, with the ways out in
 * the error; with a baseline, migrations up to it never run. An empty schema, or one with only
 * our tables, is simply migrated.
 */
class BaselinePostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "bl");

	@TempDir
	Path directory;

	private JdbcTemplate jdbc;

	private String schema;

	private MigrationFiles files;

	@BeforeEach
	void threeMigrations() {
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
		this.files = new MigrationFiles(this.directory);
		this.files.migration("1_create_customer.sql", "CREATE TABLE " + this.schema + ".customer (id bigint);",
				"DROP TABLE " + this.schema + ".customer;");
		this.files.migration("2_create_orders.sql", "CREATE TABLE " + this.schema + ".orders (id bigint);",
				"DROP TABLE " + this.schema + ".orders;");
		this.files.migration("3_create_invoice.sql", "CREATE TABLE " + this.schema + ".invoice (id bigint);",
				"DROP TABLE " + this.schema + ".invoice;");
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(10));
	}

	@Test
	void aSchemaWithTablesOfItsOwnAndNoHistoryIsRefusedWithTheWaysOut() {
		this.jdbc.execute("CREATE TABLE " + this.schema + ".customer (id bigint)");
		Migrator migrator = new Migrator(database.dataSource(), config().build());

		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("Schema " + this.schema + " has tables of its own but no migration history")
			.withMessageContaining("1 table: customer")
			.withMessageContaining("migrations.baseline-on-migrate=true")
			.withMessageContaining("migrations.baseline-version")
			.withMessageContaining("migrations.import-history")
			.withMessageContaining("an empty schema");
		// refused before anything was created
		assertThat(this.testSchema.tableExists("schema_migrations")).isFalse();
		assertThat(this.testSchema.tableExists("migration_lock")).isFalse();
		// status still answers, and shows what would run
		assertThat(migrator.status().migrations()).extracting(MigrationInfo::state)
			.containsOnly(MigrationState.PENDING);
	}

	@Test
	void anEmptySchemaOrOneWithOnlyOurTablesIsMigrated() {
		// left by a rollback's audit and a backfill (the lock table is made on the way to the lock)
		PostgresDialect dialect = new PostgresDialect();
		this.jdbc.execute(dialect.createAuditTable(this.schema + ".schema_migrations_audit"));
		this.jdbc.execute(dialect.createBackfillTable(this.schema + ".schema_migrations_backfill"));
		RunResult result = new Migrator(database.dataSource(), config().build()).migrate();
		assertThat(result.migrations()).hasSize(3);
		assertThat(result.imported()).isNull();
	}

	@Test
	void baselineOnMigrateRecordsABaselineAndRunsOnlyWhatIsAboveIt() {
		this.jdbc.execute("CREATE TABLE " + this.schema + ".customer (id bigint)");
		this.jdbc.execute("CREATE TABLE " + this.schema + ".orders (id bigint)");
		Migrator migrator = new Migrator(database.dataSource(),
				config().baselineOnMigrate(true).baselineVersion(MigrationVersion.parse("2")).build());
		RunResult result = migrator.migrate();

		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("3");
		assertThat(migrator.status().migrations())
			.extracting((i) -> i.version().toString(), MigrationInfo::kind, MigrationInfo::state)
			.containsExactly(tuple("1", MigrationKind.SQL, MigrationState.BASELINED),
					tuple("2", MigrationKind.SQL, MigrationState.BASELINED),
					tuple("2", MigrationKind.BASELINE, MigrationState.BASELINE),
					tuple("3", MigrationKind.SQL, MigrationState.APPLIED));
		assertThat(migrator.status().currentVersion()).hasToString("3");
		assertThat(this.jdbc.queryForMap("SELECT operation, request, versions, outcome FROM " + this.schema
				+ ".schema_migrations_audit")).containsEntry("operation", "baseline")
			.containsEntry("versions", "2")
			.containsEntry("outcome", "SUCCESS");
	}

	@Test
	void theDefaultBaselineVersionIsOneAsFlywaysIs() {
		this.jdbc.execute("CREATE TABLE " + this.schema + ".customer (id bigint)");
		RunResult result = new Migrator(database.dataSource(), config().baselineOnMigrate(true).build()).migrate();
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("2", "3");
		assertThat(this.jdbc.queryForList("SELECT type FROM " + this.schema + ".schema_migrations ORDER BY id",
				String.class))
			.containsExactly("BASELINE", "SQL", "SQL");
	}

	@Test
	void baselineOnMigrateLeavesAnEmptySchemaAlone() {
		RunResult result = new Migrator(database.dataSource(), config().baselineOnMigrate(true).build()).migrate();
		assertThat(result.migrations()).hasSize(3);
		assertThat(this.jdbc.queryForList("SELECT type FROM " + this.schema + ".schema_migrations", String.class))
			.doesNotContain("BASELINE");
	}

	@Test
	void anExplicitBaselineIsRecordedOnceAndRefusedOverAHistory() {
		Migrator migrator = new Migrator(database.dataSource(), config().build());
		migrator.baseline(MigrationVersion.parse("1"));
		assertThat(migrator.migrate().migrations()).extracting((m) -> m.version().toString())
			.containsExactly("2", "3");

		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(migrator::baseline)
			.withMessageContaining("Cannot record a baseline: the history already has 3 rows");
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2", "3");
	}

}
