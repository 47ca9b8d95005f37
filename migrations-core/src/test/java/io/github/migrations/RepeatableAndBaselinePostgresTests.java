package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Repeatable and baseline migrations on PostgreSQL, each test in a schema of its own.
 */
class RepeatableAndBaselinePostgresTests extends AbstractRepeatableAndBaselineTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "rb");

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	String schema() {
		return this.testSchema.name();
	}

}
