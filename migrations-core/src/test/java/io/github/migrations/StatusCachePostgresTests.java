package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AbstractStatusCacheTests} on PostgreSQL.
 */
class StatusCachePostgresTests extends AbstractStatusCacheTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "c");

	@Override
	DataSource dataSource() {
		return this.testSchema.dataSource();
	}

}
