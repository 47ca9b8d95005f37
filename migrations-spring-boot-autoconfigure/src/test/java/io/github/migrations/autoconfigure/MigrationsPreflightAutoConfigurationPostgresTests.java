package io.github.migrations.autoconfigure;

import java.nio.file.Path;
import java.util.Map;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-flight checks and the linter through the auto-configuration, on PostgreSQL (where the
 * built-in checks can ask the server): their findings are counted as meters, next to each other.
 */
class MigrationsPreflightAutoConfigurationPostgresTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@TempDir
	Path directory;

	@Test
	void lintAndPreflightFindingsAreCountedByRuleAndSeverityOnPostgresql() {
		// users exists before the run, in a schema of its own (on a fresh database a table created
		// earlier in the run is new, and indexing or renaming it is no finding)
		new JdbcTemplate(postgres.dataSource())
			.execute("CREATE SCHEMA crm; CREATE TABLE crm.users (id bigint PRIMARY KEY, email text, name text)");
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_tables.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, number varchar(20));",
				"DROP TABLE orders;");
		files.migration("2_email_index.sql", "CREATE INDEX idx_users_email ON crm.users (email);",
				"DROP INDEX crm.idx_users_email;");
		files.migration("3_rename.sql", "ALTER TABLE crm.users RENAME COLUMN name TO full_name;",
				"ALTER TABLE crm.users RENAME COLUMN full_name TO name;");
		PreflightApplication.contextRunner()
			.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(),
					"spring.datasource.username=" + postgres.user(), "migrations.locations=" + files.location(),
					// a style rule too (not run at startup unless selected), for a finding of each severity
					"migrations.lint.rules=prefer-text,index-not-concurrent,rename")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Map<String, Double> lint = PreflightApplication.counts(registry, "migrations.lint.violations", "rule",
						"severity");
				assertThat(lint).isEqualTo(Map.of("prefer-text/advice", 1.0, "index-not-concurrent/error", 1.0,
						"rename/warning", 1.0));
				// users is tiny and nothing else holds a lock on it: nothing in the way
				assertThat(PreflightApplication.preflightCounts(registry)).isEqualTo(Map.of(
						"blocking-sessions/passed", 1.0, "table-size/passed", 1.0, "active-connections/passed", 1.0,
						"replication/passed", 1.0));
			});
	}

}
