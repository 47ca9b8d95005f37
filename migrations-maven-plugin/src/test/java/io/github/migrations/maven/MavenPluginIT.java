package io.github.migrations.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real Maven builds of {@code src/it} printed (maven-invoker-plugin ran them in the
 * integration-test phase, before this class, and failed the build on an unexpected result).
 */
class MavenPluginIT {

	private static final String SCHEMA = System.getProperty("it.schema");

	private static final Path BUILDS = Path.of(System.getProperty("it.directory"));

	@Test
	void statusMigrateAndLintOnAProjectConfiguredForTheStarter() throws IOException {
		String log = Files.readString(BUILDS.resolve("status-migrate-lint/build.log"));
		assertThat(log).contains("2 files, 0 findings, 0 failing")
			.containsPattern("20250101000000\\s+create_users\\s+SQL\\s+PENDING")
			.contains("2 migrations, 2 pending")
			.contains("[1/1] up 20250101000000 create_users ... ")
			.contains("[1/1] up 20250102000000 add_email ... ")
			.contains("\"currentVersion\": \"20250102000000\"")
			.contains("\"schema\": \"" + SCHEMA + "\"")
			.contains("BUILD SUCCESS");
	}

	@Test
	void validateRollbackDryRunAndRepairAfterTheMigration() throws IOException {
		String log = Files.readString(BUILDS.resolve("status-migrate-lint/build.log"));
		assertThat(log).contains("Valid: the applied migrations match the files and none is pending")
			.contains("Dry run: would revert 1 migration(s), newest first:")
			.contains("-- 20250102000000 add_email")
			.contains("ALTER TABLE users DROP COLUMN email;")
			.contains("Nothing to repair: no failed migration in the history")
			.doesNotContain("BUILD FAILURE");
	}

	@Test
	void lintFailsTheBuildWithAnnotationsOnTheFileAndLine() throws IOException {
		String log = Files.readString(BUILDS.resolve("lint-fails/build.log"));
		assertThat(log)
			.contains("::error file=src/main/resources/db/migration/20250101000000_index.sql,line=2,"
					+ "title=index-not-concurrent (ERROR)::")
			.contains("migrations:lint failed")
			.contains("BUILD FAILURE");
	}

	@Test
	void lintWithTheMariaDbVendorAppliesItsRulesToItsLocation() throws IOException {
		String log = Files.readString(BUILDS.resolve("lint-vendor-mariadb/build.log"));
		assertThat(log)
			.contains("src/main/resources/db/migration/mariadb/20250101000000_total.sql:3 column-type-change (ERROR)")
			.contains("1 file, 1 finding, 1 failing")
			.contains("BUILD FAILURE");
	}

	@Test
	void importAndSqlShowWhatTheyWouldSendWithoutSendingIt() throws IOException {
		String log = Files.readString(BUILDS.resolve("ops/build.log"));
		// invocation 2: the import's SQL, then the migrate's (the import, then the pending migration)
		assertThat(log).containsPattern("-- import on PostgreSQL .*, schema " + SCHEMA + "_ops")
			.containsPattern("-- history\\nINSERT INTO .*schema_migrations .*'20250101000000', 'create_users'")
			.containsPattern("-- migrate on PostgreSQL .*, schema " + SCHEMA + "_ops")
			.contains("-- migration 20250102000000 add_email (up)\n-- begin transaction\nBEGIN;\n-- lock\n")
			.contains("-- src/main/resources/db/migration/20250102000000_add_email.sql:2\n"
					+ "ALTER TABLE users ADD COLUMN email text;\n-- history\nWITH before_insert AS (UPDATE");
	}

	@Test
	void importTestRollbackAndCreateOnASchemaAnotherToolMigrated() throws IOException {
		String log = Files.readString(BUILDS.resolve("ops/build.log"));
		assertThat(log).contains("Imported 1 row from sql-migrate's")
			.contains("All 1 migrations are reversible")
			.containsPattern("-- rollback on PostgreSQL .*, schema " + SCHEMA + "_ops")
			.contains("-- migration 20250102000000 add_email (down)")
			.contains("ALTER TABLE users DROP COLUMN email;")
			.contains("Reverted 1 migration(s)")
			.containsPattern("Created .*/ops/created/\\d{14}_add_phone.sql");
		assertThat(BUILDS.resolve("ops/created")).isDirectoryContaining("regex:.*/\\d{14}_add_phone\\.sql");
	}

	@Test
	void baselineMarksAFreshSchemaAsMigratedUpToTheVersion() throws IOException {
		String log = Files.readString(BUILDS.resolve("ops/build.log"));
		assertThat(log).contains("Baselined at version 20250101000000")
			.containsPattern("20250102000000\\s+add_email\\s+SQL\\s+PENDING");
	}

	@Test
	void aRefusedRollbackFailsTheBuildWithTheReason() throws IOException {
		String log = Files.readString(BUILDS.resolve("ops/build.log"));
		assertThat(log).contains("migrations:rollback failed").contains("Action:").contains("BUILD FAILURE");
	}

	@AfterAll
	static void dropTheBuildsSchema() throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
				"postgres", ""); Statement statement = connection.createStatement()) {
			for (String schema : new String[] { SCHEMA, SCHEMA + "_ops", SCHEMA + "_base" }) {
				statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			}
		}
	}

}
