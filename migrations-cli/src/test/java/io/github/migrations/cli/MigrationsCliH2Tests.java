package io.github.migrations.cli;

import java.nio.file.Path;

import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line on H2, the URL given as a flag (no application configuration at all).
 */
class MigrationsCliH2Tests {

	@TempDir
	Path directory;

	@Test
	void migrateStatusAndRollbackToZeroWithTheUrlAsAFlag() {
		Cli cli = new Cli(this.directory);
		cli.migration("20250101000000_create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);",
				"DROP TABLE users;");
		String url = "--url=" + H2Database.url();
		Cli.Result sql = cli.run("sql", url, "--user=sa");
		assertThat(sql.exitCode()).as(sql.err()).isZero();
		assertThat(sql.out()).startsWith("-- migrate on H2")
			.contains("-- src/main/resources/db/migration/20250101000000_create_users.sql:2\n"
					+ "CREATE TABLE users (id bigint PRIMARY KEY);\n-- history\nINSERT INTO");
		Cli.Result migrate = cli.run("migrate", url, "--user=sa");
		assertThat(migrate.exitCode()).as(migrate.err()).isZero();
		assertThat(migrate.out()).contains("[1/1] up 20250101000000 create_users");
		Cli.Result status = cli.run("status", url, "--user=sa");
		assertThat(status.out()).startsWith("H2").containsPattern("20250101000000\\s+create_users\\s+SQL\\s+APPLIED");
		Cli.Result rollback = cli.run("rollback", url, "--user=sa", "--to=0");
		assertThat(rollback.exitCode()).as(rollback.err()).isZero();
		assertThat(cli.run("status", url, "--user=sa").out()).contains("1 migrations, 1 pending");
	}

}
