package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.MigrationCallback.Event;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Flyway project's files, unchanged, run by the engine: files without markers, undo files,
 * placeholders and callbacks, once per database. Tables are named through
 * {@code ${flyway:defaultSchema}}, as Flyway projects do.
 */
abstract class AbstractFlywayFilesTests {

	@TempDir
	Path directory;

	MigrationFiles files;

	abstract DataSource dataSource();

	/**
	 * The schema to configure (its history table and {@code ${flyway:defaultSchema}}).
	 */
	abstract String schema();

	/**
	 * Whether a rolled back transaction takes its DDL with it (not on H2, which commits DDL).
	 */
	abstract boolean transactionalDdl();

	/**
	 * Whether a migration with DDL runs without a transaction, statement by statement (MariaDB,
	 * where DDL commits by itself): its per-migration callbacks then see autocommit, and a
	 * failure leaves a failed row.
	 */
	boolean ddlRunsWithoutTransaction() {
		return false;
	}

	@BeforeEach
	void files() {
		this.files = new MigrationFiles(this.directory);
	}

	MigratorConfig.Builder config() {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(schema())
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(10));
	}

	private Migrator migrator() {
		return new Migrator(dataSource(), config().build());
	}

	private JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	private String table(String name) {
		return schema() + "." + name;
	}

	private List<String> versions() {
		return jdbc().queryForList("SELECT version FROM " + table("schema_migrations") + " ORDER BY id", String.class);
	}

	private boolean tableExists(String name) {
		try {
			jdbc().queryForObject("SELECT COUNT(*) FROM " + table(name), Integer.class);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Test
	void runsAFlywayProjectWithoutMarkersAsAllUpAndThenNothing() {
		this.files.write("V1__create_users.sql", """
				-- as Flyway writes it: no markers, every statement Up
				CREATE TABLE ${flyway:defaultSchema}.users (id int PRIMARY KEY, name varchar(100));
				INSERT INTO ${flyway:defaultSchema}.users VALUES (1, 'a');
				""");
		this.files.write("V1_1__add_email.sql", "ALTER TABLE ${flyway:defaultSchema}.users ADD COLUMN email varchar(100);\n");
		this.files.write("README.md", "# how the migrations are written\n");
		RunResult first = migrator().migrate();
		assertThat(first.migrations()).extracting((m) -> m.version().toString()).containsExactly("1", "1.1");
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM " + table("users") + " WHERE email IS NULL",
				Integer.class)).isEqualTo(1);
		assertThat(migrator().migrate().migrations()).isEmpty();
		assertThat(migrator().status().migrations()).allSatisfy((info) -> {
			assertThat(info.state()).isEqualTo(MigrationState.APPLIED);
			assertThat(info.reversible()).isFalse();
		});
	}

	@Test
	void revertsAVersionWithItsUndoFileStoredAsItWasWhenApplied() {
		this.files.write("V1__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		this.files.write("U1__users.sql", "DROP TABLE ${flyway:defaultSchema}.users;\n");
		this.files.write("V2__orders.sql", "CREATE TABLE ${flyway:defaultSchema}.orders (id int);\n");
		migrator().migrate();
		String stored = jdbc().queryForObject(
				"SELECT rollback_sql FROM " + table("schema_migrations") + " WHERE version = '1'", String.class);
		assertThat(stored).isEqualTo("DROP TABLE " + schema() + ".users;\n");
		assertThatExceptionOfType(MigrationException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(1, "test")))
			.withMessageContaining("2");
		this.files.delete("V2__orders.sql");
		jdbc().execute("DELETE FROM " + table("schema_migrations") + " WHERE version = '2'");
		this.files.delete("U1__users.sql");
		// the stored Down runs, not the file (gone now)
		migrator().rollback(RollbackRequest.steps(1, "test").confirmed());
		assertThat(tableExists("users")).isFalse();
		assertThat(versions()).isEmpty();
	}

	@Test
	void rollsBackADownSectionWithPlaceholdersWithoutCallingItChanged() {
		this.files.write("1_users.sql", """
				-- +migrate Up
				CREATE TABLE ${flyway:defaultSchema}.users (id int);
				-- +migrate Down
				DROP TABLE ${flyway:defaultSchema}.users;
				""");
		migrator().migrate();
		assertThat(migrator().rollback(RollbackRequest.steps(1, "test").confirmed()).warnings()).isEmpty();
		assertThat(tableExists("users")).isFalse();
	}

	@Test
	void namesTheUndoFileWhenItsStatementFailsOnRollback() {
		this.files.write("V1__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		this.files.write("U1__users.sql", "-- undo\nDROP TABLE ${flyway:defaultSchema}.no_such_table;\n");
		migrator().migrate();
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> migrator().rollback(RollbackRequest.steps(1, "test").confirmed()))
			.satisfies((ex) -> {
				assertThat(ex.getScript()).endsWith("U1__users.sql");
				assertThat(ex.getLine()).isEqualTo(2);
			});
		assertThat(versions()).containsExactly("1");
	}

	@Test
	void replacesPlaceholdersWithTheConfiguredValuesAndTheBuiltIns() throws SQLException {
		this.files.write("V1__settings.sql", """
				CREATE TABLE ${flyway:defaultSchema}.settings (name varchar(100), val varchar(200));
				-- owner ${owner}: comments are replaced too, as Flyway replaces them
				INSERT INTO ${flyway:defaultSchema}.settings VALUES ('owner', '${owner}');
				INSERT INTO ${flyway:defaultSchema}.settings VALUES ('file', '${flyway:filename}');
				INSERT INTO ${migrations:defaultSchema}.settings VALUES ('table', '${migrations:table}');
				INSERT INTO ${flyway:defaultSchema}.settings VALUES ('user', '${flyway:user}');
				INSERT INTO ${flyway:defaultSchema}.settings VALUES ('database', '${flyway:database}');
				INSERT INTO ${flyway:defaultSchema}.settings VALUES ('timestamp', '${flyway:timestamp}');
				""");
		LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
		new Migrator(dataSource(), config().placeholder("OWNER", "app_owner").build()).migrate();
		Map<String, String> settings = settings();
		assertThat(settings).containsEntry("owner", "app_owner")
			.containsEntry("file", "V1__settings.sql")
			.containsEntry("table", "schema_migrations");
		try (Connection connection = dataSource().getConnection()) {
			assertThat(settings).containsEntry("user", connection.getMetaData().getUserName())
				.containsEntry("database", connection.getCatalog());
		}
		LocalDateTime stamped = LocalDateTime.parse(settings.get("timestamp"),
				DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
		assertThat(stamped).isBetween(before, LocalDateTime.now());
		// the checksum is of the text before replacement: another value is no edit
		RunResult again = new Migrator(dataSource(), config().placeholder("owner", "someone_else").build()).migrate();
		assertThat(again.migrations()).isEmpty();
		assertThat(migrator().status().migrations()).singleElement()
			.satisfies((info) -> assertThat(info.state()).isEqualTo(MigrationState.APPLIED));
	}

	private Map<String, String> settings() {
		Map<String, String> settings = new java.util.HashMap<>();
		jdbc().query("SELECT name, val FROM " + table("settings"),
				(row) -> { settings.put(row.getString(1), row.getString(2)); });
		return settings;
	}

	@Test
	void runsARepeatableMigrationAgainWhenAPlaceholderValueChangesAsFlywayDoes() {
		this.files.write("V1__runs.sql", "CREATE TABLE ${flyway:defaultSchema}.runs (owner varchar(30));\n");
		this.files.write("R__owner.sql", "INSERT INTO ${flyway:defaultSchema}.runs VALUES ('${owner}');\n");
		new Migrator(dataSource(), config().placeholder("owner", "a").build()).migrate();
		assertThat(new Migrator(dataSource(), config().placeholder("owner", "a").build()).migrate().migrations())
			.isEmpty();
		Migrator changed = new Migrator(dataSource(), config().placeholder("owner", "b").build());
		assertThat(changed.status().migrations()).filteredOn((info) -> info.version() == null)
			.singleElement()
			.satisfies((info) -> assertThat(info.state()).isEqualTo(MigrationState.OUTDATED));
		assertThat(changed.migrate().migrations()).extracting(MigrationDescriptor::name).containsExactly("owner");
		assertThat(jdbc().queryForList("SELECT owner FROM " + table("runs"), String.class)).containsExactly("a", "b");
	}

	@Test
	void givesEachRunItsOwnTimestampThoughTheFilesAreReadOnce() throws InterruptedException {
		this.files.write("V1__stamp.sql", """
				CREATE TABLE ${flyway:defaultSchema}.stamps (val varchar(30));
				INSERT INTO ${flyway:defaultSchema}.stamps VALUES ('${flyway:timestamp}');
				""");
		this.files.write("U1__stamp.sql", "DROP TABLE ${flyway:defaultSchema}.stamps;\n");
		Migrator migrator = migrator();
		migrator.migrate();
		String first = jdbc().queryForObject("SELECT val FROM " + table("stamps"), String.class);
		migrator.rollback(RollbackRequest.steps(1, "test").confirmed());
		Thread.sleep(1100);
		migrator.migrate();
		String second = jdbc().queryForObject("SELECT val FROM " + table("stamps"), String.class);
		assertThat(second).isGreaterThan(first);
	}

	@Test
	void refusesAnUnknownPlaceholderNamingFileLineAndPropertyBeforeApplyingAnything() {
		this.files.write("V1__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		this.files.write("V2__grants.sql", "\n-- the role\nGRANT SELECT ON ${flyway:defaultSchema}.users TO ${reader};\n");
		assertThatExceptionOfType(MigrationParseException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getScript()).endsWith("V2__grants.sql");
				assertThat(ex.getLine()).isEqualTo(3);
			})
			.withMessageContaining("${reader}")
			.withMessageContaining("migrations.placeholders.reader");
		assertThat(tableExists("users")).isFalse();
	}

	@Test
	void runsTheTextAsWrittenWhenReplacementIsOff() {
		this.files.write("V1__literal.sql", "CREATE TABLE " + table("literal") + " (val varchar(30));\n"
				+ "INSERT INTO " + table("literal") + " VALUES ('${not_a_placeholder}');\n");
		new Migrator(dataSource(), config().placeholderReplacement(false).build()).migrate();
		assertThat(jdbc().queryForObject("SELECT val FROM " + table("literal"), String.class))
			.isEqualTo("${not_a_placeholder}");
	}

	@Test
	void usesTheConfiguredPrefixAndSuffix() {
		this.files.write("V1__custom.sql", "CREATE TABLE #[flyway:defaultSchema].custom (val varchar(30));\n"
				+ "INSERT INTO #[flyway:defaultSchema].custom VALUES ('#[who] ${left}');\n");
		new Migrator(dataSource(), config().placeholderPrefix("#[").placeholderSuffix("]").placeholder("who", "me")
			.build()).migrate();
		assertThat(jdbc().queryForObject("SELECT val FROM " + table("custom"), String.class)).isEqualTo("me ${left}");
	}

	@Test
	void runsSqlAndJavaCallbacksAroundTheRunAndEachMigrationOnEveryMigrate() {
		this.files.write("V1__log.sql", "CREATE TABLE ${flyway:defaultSchema}.log (id int, event varchar(100));\n");
		this.files.write("V2__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		this.files.write("beforeMigrate.sql", """
				CREATE TABLE IF NOT EXISTS ${flyway:defaultSchema}.calls (id int, event varchar(100));
				INSERT INTO ${flyway:defaultSchema}.calls VALUES ((SELECT COUNT(*) FROM ${flyway:defaultSchema}.calls), '${flyway:filename}');
				""");
		for (String event : List.of("beforeEachMigrate", "afterEachMigrate", "afterMigrateApplied", "afterMigrate")) {
			this.files.write("callbacks/" + event + ".sql", "INSERT INTO ${flyway:defaultSchema}.calls VALUES ("
					+ "(SELECT COUNT(*) FROM ${flyway:defaultSchema}.calls), '${flyway:filename}');\n");
		}
		List<String> java = new ArrayList<>();
		MigrationCallback bean = (event, context) -> java.add(event.fileName()
				+ ((context.migration() != null) ? " " + context.migration().version() : "") + " "
				+ context.connection().getAutoCommit());
		Migrator migrator = new Migrator(dataSource(), config().callback(bean).build());
		migrator.migrate();
		assertThat(calls()).containsExactly("beforeMigrate.sql", "beforeEachMigrate.sql", "afterEachMigrate.sql",
				"beforeEachMigrate.sql", "afterEachMigrate.sql", "afterMigrateApplied.sql", "afterMigrate.sql");
		// the per-migration ones in the migration's transaction (if it has one), the others in one
		// of their own
		boolean each = ddlRunsWithoutTransaction();
		assertThat(java).containsExactly("beforeMigrate false", "beforeEachMigrate 1 " + each,
				"afterEachMigrate 1 " + each, "beforeEachMigrate 2 " + each, "afterEachMigrate 2 " + each,
				"afterMigrateApplied false", "afterMigrate false");
		java.clear();
		migrator.migrate();
		assertThat(calls()).hasSize(9).endsWith("beforeMigrate.sql", "afterMigrate.sql");
		assertThat(java).containsExactly("beforeMigrate false", "afterMigrate false");
	}

	private List<String> calls() {
		return jdbc().queryForList("SELECT event FROM " + table("calls") + " ORDER BY id", String.class);
	}

	@Test
	void failsTheMigrationWhenItsAfterEachCallbackFailsNamingTheCallbackAndLine() {
		this.files.write("V1__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		this.files.write("afterEachMigrate.sql", "-- check\n\nSELECT no_such_column FROM ${flyway:defaultSchema}.users;\n");
		List<Throwable> failures = new ArrayList<>();
		MigrationCallback onError = new MigrationCallback() {

			@Override
			public boolean supports(Event event) {
				return event == Event.AFTER_MIGRATE_ERROR;
			}

			@Override
			public void handle(Event event, MigrationCallbackContext context) {
				failures.add(context.failure());
			}

		};
		assertThatExceptionOfType(MigrationCallbackException.class)
			.isThrownBy(() -> new Migrator(dataSource(), config().callback(onError).build()).migrate())
			.satisfies((ex) -> {
				assertThat(ex.getScript()).endsWith("afterEachMigrate.sql");
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.getEvent()).isEqualTo(Event.AFTER_EACH_MIGRATE);
				assertThat(failures).singleElement().isSameAs(ex);
			});
		assertThat(tableExists("users")).isNotEqualTo(transactionalDdl());
		if (ddlRunsWithoutTransaction()) {
			// nothing to roll back: the migration is recorded as failed, to be repaired
			assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
				.containsExactly(MigrationState.FAILED);
		}
		else {
			assertThat(versions()).isEmpty();
		}
	}

	@Test
	void refusesAMalformedPerMigrationCallbackBeforeTheFirstMigration() {
		this.files.write("V1__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		this.files.write("afterEachMigrate__audit.sql", "INSERT INTO ${audit_table} VALUES (1);\n");
		assertThatExceptionOfType(MigrationParseException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getScript()).endsWith("afterEachMigrate__audit.sql");
				assertThat(ex.getLine()).isEqualTo(1);
			})
			.withMessageContaining("migrations.placeholders.audit_table");
		assertThat(tableExists("users")).isFalse();
		assertThat(versions()).isEmpty();
	}

	@Test
	void failsTheRunWhenAJavaCallbackThrowsNamingIt() {
		this.files.write("V1__users.sql", "CREATE TABLE ${flyway:defaultSchema}.users (id int);\n");
		MigrationCallback grants = new GrantsCallback();
		assertThatExceptionOfType(MigrationCallbackException.class)
			.isThrownBy(() -> new Migrator(dataSource(), config().callback(grants).build()).migrate())
			.withMessageContaining("Callback afterMigrate failed")
			.withMessageContaining(GrantsCallback.class.getName());
		// the migrations before it stay applied: afterMigrate runs after they committed
		assertThat(versions()).containsExactly("1");
	}

	static final class GrantsCallback implements MigrationCallback {

		@Override
		public boolean supports(Event event) {
			return event == Event.AFTER_MIGRATE;
		}

		@Override
		public void handle(Event event, MigrationCallbackContext context) throws SQLException {
			context.connection().createStatement().execute("GRANT SELECT ON no_such_table TO PUBLIC");
		}

	}

}
