package io.github.migrations.actuate.endpoint;

import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationsDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.PendingDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.RollbackDescriptor;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsEndpoint} against PostgreSQL: status after a run, then a rollback.
 */
class MigrationsEndpointPostgresTests {

	@RegisterExtension
	static final PostgresDatabase db = new PostgresDatabase();

	@Test
	void reportsStatusAndRollsBackOnPostgres() {
		LastMigrationRun lastRun = new LastMigrationRun();
		Migrator migrator = TestMigrators.migrator(db.dataSource(), "base", lastRun);
		migrator.migrate();
		MigrationsEndpoint endpoint = new MigrationsEndpoint(migrator, lastRun);
		MigrationsDescriptor status = endpoint.migrations();
		assertThat(status.database()).containsIgnoringCase("PostgreSQL");
		assertThat(status.schema()).isEqualTo("public");
		assertThat(status.currentVersion()).isEqualTo("3");
		assertThat(status.counts()).containsEntry(MigrationState.APPLIED, 3L);
		assertThat(status.lock().held()).isFalse();
		assertThat(status.lock().fence()).isPositive();
		assertThat(status.lastRun().lockWaitMs()).isNotNull();
		assertThat(status.migrations()).allSatisfy((migration) -> {
			assertThat(migration.state()).isEqualTo(MigrationState.APPLIED);
			assertThat(migration.executedAt()).isNotNull();
			assertThat(migration.batch()).isEqualTo(1);
		});

		RollbackDescriptor rollback =
				(RollbackDescriptor) endpoint.perform("rollback", 1, null, null, null, false, null, () -> "ops");
		assertThat(rollback.steps()).singleElement().satisfies((step) -> {
			assertThat(step.version()).isEqualTo("3");
			assertThat(step.sql()).contains("DROP TABLE orders");
		});
		PendingDescriptor pending = (PendingDescriptor) endpoint.migration("pending");
		assertThat(pending.migrations()).extracting(MigrationDescriptor::version).containsExactly("3");
		assertThat(endpoint.migrations().lastRun().operation()).isEqualTo("rollback");
	}

}
