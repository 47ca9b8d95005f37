package io.github.migrations.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database commands of the command line against a real PostgreSQL, configured the way an
 * application is: {@code spring.datasource.*} in its {@code application.yml}.
 */
class MigrationsCliPostgresTests {

	// one database for the class, a schema of its own for each test: creating a database per test
	// costs a second each
	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	private static final AtomicInteger schemas = new AtomicInteger();

	@TempDir
	Path directory;

	private Cli cli;

	private String schema;

	@BeforeEach
	void createProject() {
		this.schema = "cli_test_" + schemas.incrementAndGet();
		this.cli = new Cli(this.directory);
		this.cli.write("src/main/resources/application.yml", """
				spring:
				  datasource:
				    url: %s?currentSchema=%s
				    username: %s
				    password: "%s"
				migrations:
				  schema: %s
				""".formatted(database.jdbcUrl(), this.schema, database.user(), database.password(), this.schema));
		this.cli.migration("20250101000000_create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);",
				"DROP TABLE users;");
		this.cli.migration("20250102000000_add_email.sql", "ALTER TABLE users ADD COLUMN email text;",
				"ALTER TABLE users DROP COLUMN email;");
	}

	@Test
	void migrateAppliesThePendingMigrationsWithAProgressLineEach() {
		Cli.Result result = this.cli.run("migrate");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("[1/2] up 20250101000000 create_users ... ")
			.contains("[2/2] up 20250102000000 add_email ... ")
			.contains("Applied 2 migration(s) in batch 1");
		assertThat(this.cli.run("migrate").out()).contains("Up to date: nothing to migrate");
	}

	@Test
	void migrateStopsAtTheTarget() throws SQLException {
		assertThat(this.cli.run("migrate", "--target=20250101000000").exitCode()).isZero();
		assertThat(columns("users")).containsExactly("id");
	}

	@Test
	void statusPrintsATableOfEveryMigration() {
		this.cli.run("migrate", "--target=20250101000000");
		Cli.Result result = this.cli.run("status");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("PostgreSQL")
			.containsPattern("20250101000000\\s+create_users\\s+SQL\\s+APPLIED\\s+1")
			.containsPattern("20250102000000\\s+add_email\\s+SQL\\s+PENDING")
			.contains("2 migrations, 1 pending");
	}

	@Test
	void statusAsJsonHasTheEndpointsFields() {
		this.cli.run("migrate");
		Cli.Result result = this.cli.run("status", "--format=json");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("\"currentVersion\": \"20250102000000\"")
			.contains("\"pending\": 0")
			.contains("\"APPLIED\": 2")
			.contains("\"lock\": {")
			.contains("\"source\": \"history\"")
			.contains("\"name\": \"add_email\"")
			.contains("\"reversible\": true")
			.contains("\"preflight\": null");
	}

	@Test
	void validateFailsWithTheReasonWhenAnAppliedFileChanged() {
		this.cli.run("migrate");
		this.cli.migration("20250102000000_add_email.sql", "ALTER TABLE users ADD COLUMN email varchar(100);",
				"ALTER TABLE users DROP COLUMN email;");
		Cli.Result result = this.cli.run("validate");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).contains("20250102000000").containsIgnoringCase("checksum").contains("Action:");
	}

	@Test
	void validateFailsOnPendingMigrationsUnlessAllowed() {
		assertThat(this.cli.run("validate").exitCode()).isEqualTo(1);
		Cli.Result allowed = this.cli.run("validate", "--allow-pending");
		assertThat(allowed.exitCode()).as(allowed.err()).isZero();
		assertThat(allowed.out()).contains("Valid");
	}

	@Test
	void rollbackDryRunPrintsTheDownSqlAndChangesNothing() throws SQLException {
		this.cli.run("migrate");
		Cli.Result result = this.cli.run("rollback", "--steps=1", "--dry-run");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("would revert 1 migration(s)")
			.contains("-- 20250102000000 add_email")
			.contains("ALTER TABLE users DROP COLUMN email;");
		assertThat(columns("users")).containsExactly("id", "email");
	}

	@Test
	void rollbackRevertsTheNewestMigrations() throws SQLException {
		this.cli.run("migrate");
		Cli.Result result = this.cli.run("rollback", "--to=20250101000000");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("[1/1] down 20250102000000 add_email").contains("Reverted 1 migration(s)");
		assertThat(columns("users")).containsExactly("id");
	}

	@Test
	void aRollbackOfEveryAppliedMigrationNeedsConfirmation() throws SQLException {
		this.cli.run("migrate");
		Cli.Result refused = this.cli.run("rollback", "--last-batch");
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.err()).contains("Action:");
		assertThat(columns("users")).containsExactly("id", "email");
		Cli.Result confirmed = this.cli.run("rollback", "--last-batch", "--confirm");
		assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
		assertThat(confirmed.out()).contains("Reverted 2 migration(s)");
		assertThat(columns("users")).isEmpty();
	}

	@Test
	void rollbackWithoutAChoiceIsAUsageError() {
		Cli.Result result = this.cli.run("rollback");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("exactly one of --steps=N, --to=VERSION or --last-batch");
	}

	@Test
	void rollbackOfAVersionNeverAppliedIsRefused() {
		this.cli.run("migrate");
		Cli.Result result = this.cli.run("rollback", "--to=20240101000000");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).contains("20240101000000").contains("Action:");
	}

	@Test
	void sqlPrintsWhatMigrateWouldSendInOrderAndChangesNothing() {
		Cli.Result result = this.cli.run("sql");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).startsWith("-- migrate on PostgreSQL")
			.contains("-- lock (autocommit)\nUPDATE")
			.contains("-- migration 20250101000000 create_users (up)\n-- begin transaction\nBEGIN;\n-- lock\n")
			.contains("-- src/main/resources/db/migration/20250101000000_create_users.sql:2\n"
					+ "CREATE TABLE users (id bigint PRIMARY KEY);\n-- history\nWITH before_insert AS (UPDATE")
			.contains("INSERT INTO")
			.contains("E'20250102000000', E'add_email'")
			.contains("-- end transaction")
			.containsPattern("(?s)add_email.*-- lock \\(autocommit\\)\nUPDATE .* SET is_locked = FALSE");
		assertThat(this.cli.run("status").out()).contains("2 migrations, 2 pending");
		this.cli.run("migrate");
		assertThat(this.cli.run("sql").out()).contains("-- nothing to do");
	}

	@Test
	void sqlOfARollbackPrintsTheStoredDownSqlAndTheHistoryDeleteAndChangesNothing() throws SQLException {
		this.cli.run("migrate");
		Cli.Result result = this.cli.run("sql", "--rollback", "--steps=1");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).startsWith("-- rollback on PostgreSQL")
			.contains("-- migration 20250102000000 add_email (down)")
			.contains("-- src/main/resources/db/migration/20250102000000_add_email.sql:4\n"
					+ "ALTER TABLE users DROP COLUMN email;")
			.containsPattern("-- history\nDELETE FROM .*schema_migrations WHERE version = '20250102000000'");
		assertThat(columns("users")).containsExactly("id", "email");
		Cli.Result refused = this.cli.run("sql", "--rollback", "--last-batch");
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.err()).contains("every applied migration").contains("Action:");
	}

	@Test
	void sqlWithRollbackOptionsButNoRollbackOrNoChoiceIsAUsageError() {
		Cli.Result noRollback = this.cli.run("sql", "--steps=1");
		assertThat(noRollback.exitCode()).isEqualTo(2);
		assertThat(noRollback.err()).contains("add --rollback");
		Cli.Result noChoice = this.cli.run("sql", "--rollback");
		assertThat(noChoice.exitCode()).isEqualTo(2);
		assertThat(noChoice.err()).contains("exactly one of --steps=N, --to=VERSION or --last-batch");
	}

	@Test
	void importTakesOverAnotherToolsHistoryAndAppliesNothing() throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + this.schema);
			statement.execute("CREATE TABLE " + this.schema + ".users (id bigint PRIMARY KEY)");
			statement.execute("CREATE TABLE " + this.schema + ".gorp_migrations (id varchar(255) PRIMARY KEY, "
					+ "applied_at timestamp with time zone)");
			statement.execute("INSERT INTO " + this.schema
					+ ".gorp_migrations VALUES ('20250101000000_create_users.sql', now())");
		}
		Cli.Result dryRun = this.cli.run("import", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
		assertThat(dryRun.out()).startsWith("-- import on PostgreSQL")
			.containsPattern("-- history\nINSERT INTO .*schema_migrations .*'20250101000000', 'create_users'");
		assertThat(this.cli.run("status").out()).contains("2 migrations, 1 pending");
		assertThat(columns("schema_migrations")).isEmpty();

		Cli.Result imported = this.cli.run("import");
		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(imported.out()).contains("Imported 1 row from sql-migrate's");
		assertThat(this.cli.run("status").out())
			.containsPattern("20250101000000\\s+create_users\\s+SQL\\s+APPLIED")
			.containsPattern("20250102000000\\s+add_email\\s+SQL\\s+PENDING");

		Cli.Result again = this.cli.run("import");
		assertThat(again.exitCode()).isEqualTo(1);
		assertThat(again.err()).contains("Nothing to import").contains("Action:");
	}

	@Test
	void importWithoutAForeignHistoryFailsSayingWhatItLookedFor() {
		Cli.Result result = this.cli.run("import");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).contains("No history of another tool to import").contains("migrations.import-history");
	}

	@Test
	void baselineMarksTheDatabaseAsMigratedUpToTheVersion() {
		Cli.Result result = this.cli.run("baseline", "--baseline-version=20250101000000");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Baselined at version 20250101000000");
		assertThat(this.cli.run("status").out()).containsPattern("20250102000000\\s+add_email\\s+SQL\\s+PENDING");
	}

	@Test
	void repairRemovesTheRowOfAFailedNonTransactionalMigration() {
		this.cli.write("src/main/resources/db/migration/20250103000000_broken.sql",
				"-- +migrate Up notransaction\nCREATE TABLE t1 (id int);\nSELECT no_such_function();\n"
						+ "-- +migrate Down\nDROP TABLE t1;\n");
		Cli.Result failed = this.cli.run("migrate");
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.err()).contains("20250103000000");
		assertThat(this.cli.run("status").exitCode()).isEqualTo(1);
		Cli.Result dryRun = this.cli.run("repair", "--dry-run");
		assertThat(dryRun.out()).contains("Dry run: would remove 1 failed migration row(s): 20250103000000 broken");
		Cli.Result repaired = this.cli.run("repair");
		assertThat(repaired.exitCode()).as(repaired.err()).isZero();
		assertThat(repaired.out()).contains("Removed 1 failed migration row(s): 20250103000000 broken");
		assertThat(this.cli.run("repair").out()).contains("Nothing to repair");
	}

	@Test
	void repairMarksAFailedMigrationAppliedOrRefusesToResumeOneWithoutRecordedProgress() {
		this.cli.write("src/main/resources/db/migration/20250103000000_broken.sql",
				"-- +migrate Up notransaction\nCREATE TABLE t1 (id int);\nSELECT no_such_function();\n"
						+ "-- +migrate Down\nDROP TABLE t1;\n");
		assertThat(this.cli.run("migrate").exitCode()).isEqualTo(1);
		assertThat(this.cli.run("repair", "--resume", "--mark-applied").exitCode()).isNotZero();
		Cli.Result resume = this.cli.run("repair", "--resume");
		assertThat(resume.exitCode()).isEqualTo(1);
		assertThat(resume.err()).contains("Cannot resume migration 20250103000000 (broken)", "--mark-applied");
		Cli.Result dryRun = this.cli.run("repair", "--mark-applied", "--dry-run");
		assertThat(dryRun.out()).contains("Dry run: would mark applied 1 failed migration row(s): 20250103000000 broken");
		Cli.Result marked = this.cli.run("repair", "--mark-applied");
		assertThat(marked.exitCode()).as(marked.err()).isZero();
		assertThat(marked.out()).contains("Marked applied 1 failed migration row(s): 20250103000000 broken");
		Cli.Result status = this.cli.run("status");
		assertThat(status.exitCode()).as(status.out()).isZero();
	}

	@Test
	void testProvesEveryPendingMigrationReversible() {
		Cli.Result result = this.cli.run("test");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("All 2 migrations are reversible");
	}

	@Test
	void testFailsWithTheDifferenceWhenADownDoesNotRestoreTheSchema() {
		this.cli.migration("20250103000000_add_name.sql", "ALTER TABLE users ADD COLUMN name text;", "SELECT 1;");
		Cli.Result result = this.cli.run("test");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("Migration 20250103000000").contains("name");
	}

	@Test
	void flagsOverrideTheApplicationsConfiguration() {
		Cli.Result result = this.cli.run("migrate", "--table=cli_history");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(this.cli.run("status", "--table=cli_history").out()).contains("2 migrations, 0 pending");
		assertThat(this.cli.run("status").out()).contains("2 migrations, 2 pending");
	}

	private List<String> columns(String table) throws SQLException {
		List<String> columns = new ArrayList<>();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT column_name FROM information_schema.columns "
						+ "WHERE table_schema = '" + this.schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
			while (rows.next()) {
				columns.add(rows.getString(1));
			}
		}
		return columns;
	}

}
