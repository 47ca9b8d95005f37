package io.github.migrations.adopt;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.ValidationProblem;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A database that real Flyway migrated is switched to this engine: the first run imports
 * {@code flyway_schema_history}, runs nothing Flyway applied, keeps Flyway's times, recognises a
 * file edited since with Flyway's checksum, applies what is new, and ends with the schema Flyway
 * itself makes of the same files. Some files carry our {@code -- +migrate Up} marker (Flyway
 * reads it as a comment), some are Flyway's as they are.
 */
class FlywayImportPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "fw");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void files() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
	}

	private void writeFlywayFiles(MigrationFiles files) {
		files.write("V1__create_legacy.sql", "-- +migrate Up\nCREATE TABLE legacy (id bigint PRIMARY KEY);\n");
		// Flyway's own files, unchanged: no markers (all Up), CRLF line endings
		files.write("V2__create_customer.sql", "CREATE TABLE customer (id bigint PRIMARY KEY, name text NOT NULL);\n");
		files.write("V3__add_customer_email.sql",
				"ALTER TABLE customer ADD COLUMN email text;\r\n\r\nCREATE INDEX customer_email ON customer (email);\r\n");
	}

	private Flyway flyway(String schema, String location) {
		return Flyway.configure()
			.dataSource(database.jdbcUrl(), database.user(), database.password())
			.schemas(schema)
			.locations(location)
			.baselineOnMigrate(true)
			.baselineVersion("1")
			// a session lock: with the default transactional lock, the row of a failed migration
			// is rolled back with the lock's transaction
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load();
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(30));
	}

	private List<Map<String, Object>> flywayRows(String schema) {
		return this.jdbc.queryForList("SELECT * FROM " + schema + ".flyway_schema_history ORDER BY installed_rank");
	}

	@Test
	void aFlywayDatabaseIsImportedOnceAndOnlyTheNewMigrationRuns() {
		// a live schema that Flyway adopted by baseline, then migrated
		this.jdbc.execute("CREATE TABLE " + this.schema + ".legacy (id bigint PRIMARY KEY)");
		writeFlywayFiles(this.files);
		flyway(this.schema, this.files.location()).migrate();
		MigrationInfoService flywayInfo = flyway(this.schema, this.files.location()).info();
		Map<String, Instant> flywayTimes = Arrays.stream(flywayInfo.applied())
			.collect(Collectors.toMap((i) -> i.getVersion().getVersion(), (i) -> i.getInstalledOn().toInstant()));
		List<Map<String, Object>> flywayBefore = flywayRows(this.schema);
		assertThat(flywayBefore).extracting((r) -> r.get("type")).containsExactly("BASELINE", "SQL", "SQL");

		// the switch: a new migration ships with the first release on this engine
		this.files.write("V4__create_orders.sql",
				"-- +migrate Up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer);\n");
		List<HistoryImportEvent> events = new ArrayList<>();
		Migrator migrator = new Migrator(this.testSchema.dataSource(),
				config().listener(new io.github.migrations.MigrationListener() {
					@Override
					public void historyImported(io.github.migrations.ImportedHistory imported) {
						events.add(new HistoryImportEvent(imported.source(), imported.rows()));
					}
				}).build());
		RunResult result = migrator.migrate();

		assertThat(result.imported()).isNotNull();
		assertThat(result.imported().source()).isEqualTo(HistoryImport.FLYWAY);
		assertThat(result.imported().rows()).isEqualTo(3);
		assertThat(result.imported().table()).isEqualTo("\"" + this.schema + "\".\"flyway_schema_history\"");
		assertThat(events).containsExactly(new HistoryImportEvent(HistoryImport.FLYWAY, 3));
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("4");

		List<MigrationInfo> infos = migrator.status().migrations();
		// V1 is below Flyway's baseline: never ran, shown beside the baseline row
		assertThat(infos).extracting((i) -> i.version().toString(), MigrationInfo::kind, MigrationInfo::state)
			.containsExactly(tuple("1", MigrationKind.SQL, MigrationState.BASELINED),
					tuple("1", MigrationKind.BASELINE, MigrationState.BASELINE),
					tuple("2", MigrationKind.SQL, MigrationState.APPLIED),
					tuple("3", MigrationKind.SQL, MigrationState.APPLIED),
					tuple("4", MigrationKind.SQL, MigrationState.APPLIED));
		Map<String, MigrationInfo> status = byVersion(infos.stream().filter((i) -> i.executedAt() != null).toList());
		assertThat(status.get("2").state()).isEqualTo(MigrationState.APPLIED);
		assertThat(status.get("3").state()).isEqualTo(MigrationState.APPLIED);
		assertThat(status.get("4").state()).isEqualTo(MigrationState.APPLIED);
		for (String version : List.of("1", "2", "3")) {
			assertThat(status.get(version).executedAt().toInstant()).as("executed_at of %s", version)
				.isEqualTo(flywayTimes.get(version));
			assertThat(status.get(version).installedBy()).isEqualTo(database.user());
		}
		// imported rows carry our checksum of the local file, once Flyway's matched it
		assertThat(status.get("2").checksum()).hasSize(64).doesNotStartWith("flyway:");

		// the foreign table is left as it was, and the import is in the audit trail
		assertThat(flywayRows(this.schema)).isEqualTo(flywayBefore);
		assertThat(this.jdbc.queryForMap("SELECT operation, outcome, request FROM " + this.schema
				+ ".schema_migrations_audit")).containsEntry("operation", "import")
			.containsEntry("outcome", "SUCCESS")
			.containsEntry("request", "flyway \"" + this.schema + "\".\"flyway_schema_history\"");

		// a second run imports nothing and runs nothing
		RunResult again = new Migrator(this.testSchema.dataSource(), config().build()).migrate();
		assertThat(again.imported()).isNull();
		assertThat(again.migrations()).isEmpty();

		// the same files through Flyway alone give the same schema
		String flywayOnly = this.schema + "_flyway";
		this.jdbc.execute("CREATE SCHEMA " + flywayOnly);
		this.jdbc.execute("CREATE TABLE " + flywayOnly + ".legacy (id bigint PRIMARY KEY)");
		flyway(flywayOnly, this.files.location()).migrate();
		assertThat(catalog(this.schema)).isNotEmpty().isEqualTo(catalog(flywayOnly));
	}

	@Test
	void aFreshInstallGivesTheSchemaFlywayGives() {
		writeFlywayFiles(this.files);
		new Migrator(this.testSchema.dataSource(), config().build()).migrate();
		String flywayOnly = this.schema + "_flyway";
		this.jdbc.execute("CREATE SCHEMA " + flywayOnly);
		flyway(flywayOnly, this.files.location()).migrate();
		assertThat(this.testSchema.tableExists("customer")).isTrue();
		assertThat(catalog(this.schema)).isNotEmpty().isEqualTo(catalog(flywayOnly));
	}

	@Test
	void aFreshInstallWithABaselineFileAndPlaceholdersGivesTheSchemaFlywayGives() {
		writeFlywayFiles(this.files);
		// the baseline file stands for V1 to V3 on an empty database; V4 runs after it
		this.files.write("B3__schema.sql", "CREATE TABLE legacy (id bigint PRIMARY KEY);\n"
				+ "CREATE TABLE customer (id bigint PRIMARY KEY, name text NOT NULL, email text);\n"
				+ "CREATE INDEX customer_email ON customer (email);\n");
		this.files.write("V4__create_orders.sql",
				"CREATE TABLE ${kind}_orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer (id));\n");
		Map<String, String> placeholders = Map.of("kind", "retail");
		RunResult ours = new Migrator(this.testSchema.dataSource(), config().placeholders(placeholders).build()).migrate();
		assertThat(ours.migrations()).extracting((m) -> m.version().toString()).containsExactly("3", "4");
		assertThat(this.jdbc.queryForObject("SELECT type FROM " + this.schema + ".schema_migrations WHERE version = '3'",
				String.class)).isEqualTo("BASELINE");

		String flywayOnly = this.schema + "_flyway";
		this.jdbc.execute("CREATE SCHEMA " + flywayOnly);
		Flyway.configure()
			.configuration(flyway(flywayOnly, this.files.location()).getConfiguration())
			.placeholders(placeholders)
			.load()
			.migrate();
		assertThat(this.jdbc.queryForList("SELECT version FROM " + flywayOnly
				+ ".flyway_schema_history WHERE success ORDER BY installed_rank", String.class))
			.containsExactly("3", "4");
		assertThat(catalog(this.schema)).contains("retail_orders.customer_id bigint YES")
			.isEqualTo(catalog(flywayOnly));
	}

	@Test
	void aFileEditedAfterFlywayAppliedItIsReportedAsOneEditedAfterWeDid() {
		writeFlywayFiles(this.files);
		flyway(this.schema, this.files.location()).migrate();
		this.files.write("V2__create_customer.sql",
				"-- +migrate Up\nCREATE TABLE customer (id bigint PRIMARY KEY, name text NOT NULL, vip boolean);\n");
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());

		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getProblems()).singleElement().satisfies((problem) -> {
				assertThat(problem.kind()).isEqualTo(ValidationProblem.Kind.CHECKSUM_MISMATCH);
				assertThat(problem.version()).hasToString("2");
				assertThat(problem.script()).endsWith("V2__create_customer.sql");
			}));
		Map<String, MigrationInfo> status = byVersion(migrator.status().migrations());
		assertThat(status.get("2").state()).isEqualTo(MigrationState.CHECKSUM_MISMATCH);
		assertThat(status.get("1").state()).isEqualTo(MigrationState.APPLIED);
		assertThat(status.get("3").state()).isEqualTo(MigrationState.APPLIED);
		// the import itself stands: Flyway's history is ours now, and the edit is the only problem
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2", "3");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".customer", Integer.class))
			.isZero();
	}

	@Test
	void aMigrationThatFailedUnderFlywayImportsAsFailed() {
		this.files.write("V1__create_customer.sql",
				"-- +migrate Up\nCREATE TABLE customer (id bigint PRIMARY KEY, name text NOT NULL);\n");
		this.files.write("V2__index_email.sql",
				"-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY customer_email ON customer (email);\n");
		// Flyway records a failed row only for a migration it ran outside a transaction
		this.files.write("V2__index_email.sql.conf", "executeInTransaction=false\n");
		Flyway flyway = flyway(this.schema, this.files.location());
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(flyway::migrate);
		assertThat(flywayRows(this.schema)).extracting((r) -> r.get("success")).containsExactly(true, false);

		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());
		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getProblems()).extracting(ValidationProblem::kind)
				.containsExactly(ValidationProblem.Kind.DIRTY));
		Map<String, MigrationInfo> status = byVersion(migrator.status().migrations());
		assertThat(status.get("1").state()).isEqualTo(MigrationState.APPLIED);
		assertThat(status.get("2").state()).isEqualTo(MigrationState.FAILED);
	}

	@Test
	void flywaysRepeatableRowsBecomeOurRepeatablesAndAChangedOneRunsAgain() {
		writeFlywayFiles(this.files);
		this.files.write("R__customer_names.sql",
				"-- +migrate Up\nCREATE OR REPLACE VIEW customer_names AS SELECT name FROM customer;\n");
		flyway(this.schema, this.files.location()).migrate();
		// a second Flyway run after the view changed: Flyway re-ran it, two rows for one name
		this.files.write("R__customer_names.sql",
				"-- +migrate Up\nCREATE OR REPLACE VIEW customer_names AS SELECT name, id FROM customer;\n");
		flyway(this.schema, this.files.location()).migrate();
		assertThat(flywayRows(this.schema)).filteredOn((r) -> r.get("version") == null).hasSize(2);

		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());
		RunResult result = migrator.migrate();
		assertThat(result.imported().rows()).isEqualTo(4);
		assertThat(result.migrations()).isEmpty();
		MigrationInfo view = migrator.status()
			.migrations()
			.stream()
			.filter((i) -> i.kind() == MigrationKind.REPEATABLE)
			.findFirst()
			.orElseThrow();
		assertThat(view.name()).isEqualTo("customer_names");
		assertThat(view.state()).isEqualTo(MigrationState.REPEATABLE);

		// changed again after the switch: it runs again, as Flyway would have run it
		this.files.write("R__customer_names.sql",
				"-- +migrate Up\nCREATE OR REPLACE VIEW customer_names AS SELECT name, id, email FROM customer;\n");
		assertThat(migrator.migrate().migrations()).extracting((m) -> m.name()).containsExactly("customer_names");
		assertThat(this.jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
				+ "AND table_name = 'customer_names' ORDER BY ordinal_position", String.class, this.schema))
			.containsExactly("name", "id", "email");
	}

	@Test
	void aRepeatableWithPlaceholdersIsComparedAsFlywayChecksumsIt() {
		// Flyway checksums a repeatable file after replacing its placeholders: unchanged, it must
		// not run again after the switch
		writeFlywayFiles(this.files);
		this.files.write("R__customer_names.sql",
				"CREATE OR REPLACE VIEW customer_names AS SELECT ${columns} FROM customer;\n");
		Flyway.configure()
			.configuration(flyway(this.schema, this.files.location()).getConfiguration())
			.placeholders(Map.of("columns", "name, id"))
			.load()
			.migrate();

		Migrator migrator = new Migrator(this.testSchema.dataSource(),
				config().placeholders(Map.of("columns", "name, id")).build());
		RunResult result = migrator.migrate();
		assertThat(result.imported().rows()).isEqualTo(4);
		assertThat(result.migrations()).isEmpty();
		assertThat(migrator.status().migrations()).filteredOn((i) -> i.kind() == MigrationKind.REPEATABLE)
			.extracting(MigrationInfo::state)
			.containsExactly(MigrationState.REPEATABLE);

		// another value: the text as run changed, so it runs again, as under Flyway
		Migrator changed = new Migrator(this.testSchema.dataSource(),
				config().placeholders(Map.of("columns", "name, id, email")).build());
		assertThat(changed.migrate().migrations()).extracting((m) -> m.name()).containsExactly("customer_names");
	}

	@Test
	void anUndoneVersionIsNotImportedAndARowOfAnUnknownTypeStopsTheImportWithNothingWritten() {
		writeFlywayFiles(this.files);
		flyway(this.schema, this.files.location()).migrate();
		// Flyway Teams' undo of version 3, then a row no Flyway type names
		this.jdbc.update("INSERT INTO " + this.schema + ".flyway_schema_history (installed_rank, version, "
				+ "description, type, script, checksum, installed_by, execution_time, success) "
				+ "VALUES (4, '3', 'add customer email', 'UNDO_SQL', 'U3__add_customer_email.sql', 0, 'x', 1, true)");
		this.jdbc.update("INSERT INTO " + this.schema + ".flyway_schema_history (installed_rank, version, "
				+ "description, type, script, checksum, installed_by, execution_time, success) "
				+ "VALUES (5, '9', 'odd', 'MYSTERY', 'V9__odd.sql', 0, 'x', 1, true)");
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());
		assertThatExceptionOfType(io.github.migrations.MigrationAdoptionException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("Flyway history row 5 has type MYSTERY")
			.withMessageContaining("migrations.import-history=none");
		assertThat(this.testSchema.tableExists("schema_migrations")).isFalse();

		this.jdbc.update("DELETE FROM " + this.schema + ".flyway_schema_history WHERE type = 'MYSTERY'");
		// the undone version 3 is pending again: its file runs once more (its column is back)
		this.jdbc.execute("DROP INDEX " + this.schema + ".customer_email");
		this.jdbc.execute("ALTER TABLE " + this.schema + ".customer DROP COLUMN email");
		RunResult result = migrator.migrate();
		assertThat(result.imported().rows()).isEqualTo(2);
		assertThat(result.imported().skipped()).isEqualTo(1);
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("3");
	}

	@Test
	void tenRunnersStartingAtOnceImportExactlyOnce() throws Exception {
		writeFlywayFiles(this.files);
		flyway(this.schema, this.files.location()).migrate();
		this.files.write("V4__create_orders.sql", "-- +migrate Up\nCREATE TABLE orders (id bigint PRIMARY KEY);\n");
		List<Migrator> runners = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			runners.add(new Migrator(this.testSchema.dataSource(), config().build()));
		}
		ExecutorService pool = Executors.newFixedThreadPool(runners.size());
		List<RunResult> results = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<RunResult>> futures = new ArrayList<>();
			for (Migrator runner : runners) {
				futures.add(pool.submit(() -> {
					start.await();
					return runner.migrate();
				}));
			}
			start.countDown();
			for (Future<RunResult> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(results).filteredOn((r) -> r.imported() != null).hasSize(1);
		assertThat(results).flatExtracting(RunResult::migrations).hasSize(1);
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2", "3", "4");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema
				+ ".schema_migrations_audit WHERE operation = 'import'", Integer.class)).isEqualTo(1);
	}

	private static Map<String, MigrationInfo> byVersion(List<MigrationInfo> infos) {
		return infos.stream()
			.collect(Collectors.toMap((i) -> i.version().toString(), Function.identity(), (a, b) -> a,
					LinkedHashMap::new));
	}

	/**
	 * The schema's tables, columns, types and nullability, and its indexes, with the migration
	 * tools' own tables left out.
	 */
	private List<String> catalog(String schema) {
		List<String> catalog = new ArrayList<>(this.jdbc.queryForList(
				"SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable "
						+ "FROM information_schema.columns WHERE table_schema = ? AND table_name NOT IN "
						+ "('flyway_schema_history', 'schema_migrations', 'schema_migrations_audit', 'migration_lock') "
						+ "ORDER BY table_name, column_name",
				String.class, schema));
		catalog.addAll(this.jdbc.queryForList("SELECT tablename || ' ' || replace(indexdef, ?, 'S') FROM pg_indexes "
				+ "WHERE schemaname = ? AND tablename NOT IN ('flyway_schema_history', 'schema_migrations', "
				+ "'schema_migrations_audit', 'migration_lock') ORDER BY indexname",
				String.class, schema + ".", schema));
		return catalog;
	}

	record HistoryImportEvent(HistoryImport source, int rows) {
	}

}
