package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Flyway project's files on PostgreSQL.
 */
class FlywayFilesPostgresTests extends AbstractFlywayFilesTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "fly");

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	String schema() {
		return this.testSchema.name();
	}

	@Override
	boolean transactionalDdl() {
		return true;
	}

}
