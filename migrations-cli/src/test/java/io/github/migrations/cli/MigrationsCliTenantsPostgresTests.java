package io.github.migrations.cli;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --tenant} and {@code --all-tenants} of the command line against a real PostgreSQL, the
 * tenants listed in the application's {@code application.yml}.
 */
class MigrationsCliTenantsPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	private static final AtomicInteger projects = new AtomicInteger();

	@TempDir
	Path directory;

	private Cli cli;

	private String prefix;

	@BeforeEach
	void createProject() {
		this.prefix = "p" + projects.incrementAndGet() + "_";
		this.cli = new Cli(this.directory);
		this.cli.write("src/main/resources/application.yml", """
				spring:
				  datasource:
				    url: %s
				    username: %s
				    password: "%s"
				migrations:
				  schema: %sshared
				  tenants:
				    schemas: %sacme,%sglobex
				    parallelism: 2
				""".formatted(database.jdbcUrl(), database.user(), database.password(), this.prefix, this.prefix,
				this.prefix));
		this.cli.migration("20250101000000_create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);",
				"DROP TABLE users;");
		this.cli.migration("20250102000000_add_email.sql", "ALTER TABLE users ADD COLUMN email text;",
				"ALTER TABLE users DROP COLUMN email;");
	}

	private int rows(String schema) {
		return new JdbcTemplate(database.dataSource())
			.queryForObject("SELECT count(*) FROM " + schema + ".schema_migrations", Integer.class);
	}

	@Test
	void migrateAllTenantsMigratesEveryListedTenantAndSaysSo() {
		Cli.Result result = this.cli.run("migrate", "--all-tenants");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Migrated 2 tenants", "2 applied (4 migrations)", "0 failed");
		assertThat(rows(this.prefix + "acme")).isEqualTo(2);
		assertThat(rows(this.prefix + "globex")).isEqualTo(2);

		Cli.Result again = this.cli.run("migrate", "--all-tenants");
		assertThat(again.out()).contains("2 up to date (2 without a run of their own)");
		Cli.Result status = this.cli.run("status", "--all-tenants");
		assertThat(status.exitCode()).as(status.err()).isZero();
		assertThat(status.out()).containsPattern(this.prefix + "acme\\s+UP_TO_DATE\\s+2 applied")
			.contains("2 tenant(s): {UP_TO_DATE=2}");
	}

	@Test
	void oneTenantIsMigratedStatedAndRolledBackAlone() {
		Cli.Result migrate = this.cli.run("migrate", "--tenant=" + this.prefix + "acme", "--target=20250101000000");
		assertThat(migrate.exitCode()).as(migrate.err()).isZero();
		assertThat(migrate.out()).contains("tenant=" + this.prefix + "acme");
		assertThat(rows(this.prefix + "acme")).isEqualTo(1);
		assertThat(new JdbcTemplate(database.dataSource()).queryForObject(
				"SELECT to_regnamespace('" + this.prefix + "globex') IS NULL", Boolean.class)).isTrue();

		Cli.Result status = this.cli.run("status", "--tenant=" + this.prefix + "acme");
		assertThat(status.out()).contains("20250102000000").contains("PENDING");

		Cli.Result all = this.cli.run("status", "--all-tenants");
		assertThat(all.out()).containsPattern(this.prefix + "acme\\s+PENDING").containsPattern(this.prefix + "globex\\s+NEW");

		assertThat(this.cli.run("rollback", "--tenant=" + this.prefix + "acme", "--steps=1", "--confirm").exitCode())
			.isZero();
		assertThat(rows(this.prefix + "acme")).isZero();
	}

	@Test
	void tenantAndAllTenantsExcludeEachOther() {
		Cli.Result result = this.cli.run("migrate", "--all-tenants", "--tenant=x");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("--tenant and --all-tenants exclude each other");
	}

}
