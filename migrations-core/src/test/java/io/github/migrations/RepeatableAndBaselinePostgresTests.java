package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Repeatable and baseline migrations on PostgreSQL, each test in a schema of its own.
 */
class RepeatableAndBaselinePostgresTests extends AbstractRepeatableAndBaselineTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "rb");

	@Test
	void aRepeatableIsLintedBeforeItRunsLikeAnyMigration() {
		String users = schema() + ".users";
		this.testSchema.jdbc().execute("CREATE TABLE " + users + " (id bigint, email text)");
		this.files.write("R__indexes.sql", "-- +migrate Up\nCREATE INDEX IF NOT EXISTS idx_users_email ON " + users
				+ " (email);\n");
		Migrator migrator = new Migrator(dataSource(), MigratorConfig.builder()
			.locations(this.files.location())
			.schema(schema())
			.lint(LintMode.FAIL)
			.build());

		assertThatExceptionOfType(MigrationLintException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getViolations()).singleElement().satisfies((violation) -> {
				assertThat(violation.script()).endsWith("R__indexes.sql");
				assertThat(violation.line()).isEqualTo(2);
				assertThat(violation.ruleId()).isEqualTo("index-not-concurrent");
			}));
		assertThat(this.testSchema.tableExists("schema_migrations")).as("nothing was created").isFalse();
		assertThat(this.testSchema.tableExists("idx_users_email")).isFalse();
	}

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	String schema() {
		return this.testSchema.name();
	}

}
