package io.github.migrations.cli;

import java.nio.file.Path;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against a real MariaDB, with the driver the executable jar carries, configured
 * the way an application is: {@code spring.datasource.*} in its {@code application.properties}.
 */
class MigrationsCliMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase database = new MariaDbDatabase();

	@TempDir
	Path directory;

	@Test
	void statusMigrateAndSqlOnMariaDb() {
		Cli cli = new Cli(this.directory);
		cli.write("src/main/resources/application.properties", """
				spring.datasource.url=%s
				spring.datasource.username=%s
				spring.datasource.password=%s
				""".formatted(database.jdbcUrl(), database.user(), database.password()));
		cli.migration("20250101000000_create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);",
				"DROP TABLE users;");

		Cli.Result pending = cli.run("status");
		assertThat(pending.exitCode()).as(pending.err()).isZero();
		assertThat(pending.out()).contains("MariaDB")
			.containsPattern("20250101000000\\s+create_users\\s+SQL\\s+PENDING")
			.contains("1 migrations, 1 pending");

		// DDL commits by itself on MariaDB: the migration runs statement by statement, in autocommit
		Cli.Result sql = cli.run("sql");
		assertThat(sql.exitCode()).as(sql.err()).isZero();
		assertThat(sql.out()).startsWith("-- migrate on MariaDB")
			.contains("-- src/main/resources/db/migration/20250101000000_create_users.sql:2 (autocommit)\n"
					+ "CREATE TABLE users (id bigint PRIMARY KEY);");

		Cli.Result migrated = cli.run("migrate");
		assertThat(migrated.exitCode()).as(migrated.err()).isZero();
		Cli.Result applied = cli.run("status", "--format=json");
		assertThat(applied.exitCode()).as(applied.err()).isZero();
		assertThat(applied.out()).contains("\"currentVersion\": \"20250101000000\"").contains("\"APPLIED\": 1");
	}

	@Test
	void aMySqlUrlReachesTheServerThroughTheDriverTheJarCarries() {
		// MariaDB's driver takes jdbc:mysql: only with permitMysqlScheme, which the command adds;
		// the server here is MariaDB, which speaks the same protocol as MySQL
		String url = database.jdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
		assertThat(url).startsWith("jdbc:mysql:").doesNotContain("permitMysqlScheme");
		Cli cli = new Cli(this.directory);
		cli.migration("20250101000000_create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);",
				"DROP TABLE users;");
		Cli.Result migrated = cli.run("migrate", "--url=" + url, "--user=" + database.user(),
				"--password=" + database.password());
		assertThat(migrated.exitCode()).as(migrated.err()).isZero();
		Cli.Result status = cli.run("status", "--url=" + url, "--user=" + database.user(),
				"--password=" + database.password());
		assertThat(status.exitCode()).as(status.err()).isZero();
		assertThat(status.out()).containsPattern("20250101000000\\s+create_users\\s+SQL\\s+APPLIED");
	}

}
