package io.github.migrations.backfill;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AbstractBackfillTests} on PostgreSQL, a fresh schema per test.
 */
class BackfillPostgresTests extends AbstractBackfillTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema schema = new TestSchema(database, "backfill");

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	MigratorConfig.Builder config() {
		return MigratorConfig.builder().schema(this.schema.name()).locations("classpath:backfill-no-sql").lockLease(Duration.ofSeconds(3));
	}

	@Override
	String table(String name) {
		return this.schema.name() + "." + name;
	}

	@Override
	String progressTable() {
		return this.schema.name() + ".schema_migrations_backfill";
	}

	@Override
	String historyTable() {
		return this.schema.name() + ".schema_migrations";
	}

	@Override
	String lockTable() {
		return this.schema.name() + ".migration_lock";
	}

}
