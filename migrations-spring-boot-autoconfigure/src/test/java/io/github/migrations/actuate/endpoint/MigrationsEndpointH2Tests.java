package io.github.migrations.actuate.endpoint;

import java.time.Instant;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.LastRunDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationsDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.PendingDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.RollbackDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.RollbackStepDescriptor;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link MigrationsEndpoint} against H2.
 */
class MigrationsEndpointH2Tests {

	private final DataSource dataSource = H2Database.dataSource();

	private final LastMigrationRun lastRun = new LastMigrationRun();

	@Test
	void statusListsEveryMigrationWithItsStateAndHistory() {
		migrateUpTo("base", "2");
		MigrationsDescriptor descriptor = endpoint("base", null).migrations();
		assertThat(descriptor.database()).isNotBlank();
		assertThat(descriptor.schema()).isNotBlank();
		assertThat(descriptor.currentVersion()).isEqualTo("2");
		assertThat(descriptor.pending()).isEqualTo(1);
		assertThat(descriptor.counts()).containsOnlyKeys(MigrationState.values())
			.containsEntry(MigrationState.APPLIED, 2L)
			.containsEntry(MigrationState.PENDING, 1L)
			.containsEntry(MigrationState.FAILED, 0L);
		assertThat(descriptor.migrations()).extracting(MigrationDescriptor::version, MigrationDescriptor::name,
				MigrationDescriptor::state, MigrationDescriptor::batch)
			.containsExactly(tuple("1", "create_customer", MigrationState.APPLIED, 1),
					tuple("2", "add_customer_email", MigrationState.APPLIED, 1),
					tuple("3", "create_orders", MigrationState.PENDING, 0));
		MigrationDescriptor applied = descriptor.migrations().get(0);
		assertThat(applied.kind()).isEqualTo("SQL");
		assertThat(applied.script()).endsWith("1_create_customer.sql");
		assertThat(applied.checksum()).matches("[0-9a-f]{64}");
		assertThat(Instant.parse(applied.executedAt())).isBefore(Instant.now().plusSeconds(60));
		assertThat(applied.executionTimeMs()).isNotNull().isNotNegative();
		assertThat(applied.reversible()).isTrue();
		MigrationDescriptor pending = descriptor.migrations().get(2);
		assertThat(pending.executedAt()).isNull();
		assertThat(pending.executionTimeMs()).isNull();
		assertThat(pending.checksum()).matches("[0-9a-f]{64}");
	}

	@Test
	void statusShowsTheLockAsFreeWithTheFenceOfTheLastAcquisition() {
		migrateUpTo("base", "2");
		MigrationsEndpoint.LockDescriptor lock = endpoint("base", null).migrations().lock();
		assertThat(lock.held()).isFalse();
		assertThat(lock.fence()).isPositive();
	}

	@Test
	void statusOfAnEmptyDatabaseHasEverythingPendingAndNoLastRun() {
		MigrationsDescriptor descriptor = endpoint("base", this.lastRun).migrations();
		assertThat(descriptor.currentVersion()).isNull();
		assertThat(descriptor.pending()).isEqualTo(3);
		assertThat(descriptor.lastRun()).isNull();
		assertThat(descriptor.lock().held()).isFalse();
	}

	@Test
	void lastRunOfThisInstanceIncludesTheLockWait() {
		TestMigrators.migrator(this.dataSource, "base", this.lastRun).migrate();
		LastRunDescriptor run = endpoint("base", this.lastRun).migrations().lastRun();
		assertThat(run).isNotNull();
		assertThat(run.source()).isEqualTo("instance");
		assertThat(run.operation()).isEqualTo("migrate");
		assertThat(run.outcome()).isEqualTo("SUCCESS");
		assertThat(run.failure()).isNull();
		assertThat(run.batch()).isEqualTo(1);
		assertThat(run.applied()).isEqualTo(3);
		assertThat(run.lockWaitMs()).isNotNull().isNotNegative();
		assertThat(Instant.parse(run.finishedAt())).isAfterOrEqualTo(Instant.parse(run.startedAt()));
	}

	@Test
	void lastRunOfAnotherInstanceIsDerivedFromTheNewestBatch() {
		migrateUpTo("base", "1");
		TestMigrators.migrator(this.dataSource, "base").migrate();
		LastRunDescriptor run = endpoint("base", this.lastRun).migrations().lastRun();
		assertThat(run).isNotNull();
		assertThat(run.source()).isEqualTo("history");
		assertThat(run.outcome()).isEqualTo("SUCCESS");
		assertThat(run.batch()).isEqualTo(2);
		assertThat(run.applied()).isEqualTo(2);
		assertThat(run.lockWaitMs()).isNull();
		assertThat(run.startedAt()).isNotNull();
	}

	@Test
	void lastRunOfAnotherInstanceWinsWhenItIsNewerThanThisInstancesRun() {
		new Migrator(this.dataSource,
				TestMigrators.config("base").target(MigrationVersion.parse("1")).listener(this.lastRun).build())
			.migrate();
		TestMigrators.migrator(this.dataSource, "base").migrate();
		LastRunDescriptor run = endpoint("base", this.lastRun).migrations().lastRun();
		assertThat(run).isNotNull();
		assertThat(run.source()).isEqualTo("history");
		assertThat(run.batch()).isEqualTo(2);
	}

	@ParameterizedTest(name = "{0}: version {1} is {2}")
	@CsvSource({ "edited, 2, CHECKSUM_MISMATCH", "missing, 2, MISSING", "older, 3, FUTURE", "newer, 4, PENDING",
			"base, 3, APPLIED" })
	void statusReportsTheStateOfEachMigrationAgainstTheLocalFiles(String set, String version, MigrationState state) {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		MigrationsDescriptor descriptor = endpoint(set, null).migrations();
		assertThat(descriptor.migrations()).filteredOn((migration) -> migration.version().equals(version))
			.singleElement()
			.extracting(MigrationDescriptor::state)
			.isEqualTo(state);
		assertThat(descriptor.counts()).containsEntry(state, 1L + ((state == MigrationState.APPLIED) ? 2 : 0));
	}

	@Test
	void statusReportsAMigrationThatFailedPartWayAsFailed() {
		Migrator migrator = TestMigrators.migrator(this.dataSource, "failing", this.lastRun);
		assertThatThrownBy(migrator::migrate).isInstanceOf(MigrationException.class);
		MigrationsDescriptor descriptor = endpoint("failing", this.lastRun).migrations();
		assertThat(descriptor.migrations()).extracting(MigrationDescriptor::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.FAILED);
		assertThat(descriptor.counts()).containsEntry(MigrationState.FAILED, 1L);
		LastRunDescriptor run = descriptor.lastRun();
		assertThat(run).isNotNull();
		assertThat(run.outcome()).isEqualTo("FAILURE");
		assertThat(run.failure()).isNotBlank();
	}

	@Test
	void pendingListsThePendingMigrationsInTheOrderTheyWouldRun() {
		migrateUpTo("newer", "2");
		PendingDescriptor pending = (PendingDescriptor) endpoint("newer", null).migration("pending");
		assertThat(pending.currentVersion()).isEqualTo("2");
		assertThat(pending.count()).isEqualTo(2);
		assertThat(pending.migrations()).extracting(MigrationDescriptor::version, MigrationDescriptor::reversible)
			.containsExactly(tuple("3", true), tuple("4", false));
	}

	@Test
	void selectorFindsOneMigrationByVersion() {
		migrateUpTo("base", "2");
		MigrationsEndpoint endpoint = endpoint("base", null);
		assertThat(endpoint.migration("2")).isInstanceOfSatisfying(MigrationDescriptor.class,
				(migration) -> assertThat(migration.name()).isEqualTo("add_customer_email"));
		assertThat(endpoint.migration("99")).isNull();
		assertThat(endpoint.migration("not-a-version")).isNull();
	}

	static Stream<Arguments> invalidRollbacks() {
		return Stream.of(Arguments.of("rollback", null, null, null, "exactly one of"),
				Arguments.of("rollback", 1, "1", null, "exactly one of"),
				Arguments.of("rollback", 1, null, true, "exactly one of"),
				Arguments.of("rollback", 0, null, null, "at least 1"),
				Arguments.of("rollback", -2, null, null, "at least 1"),
				Arguments.of("rollback", 3, null, null, "only 2 migration"),
				Arguments.of("rollback", null, "3", null, "was never applied"),
				Arguments.of("rollback", null, "42", null, "was never applied"),
				Arguments.of("rollback", null, "one", null, "not a version"),
				Arguments.of("rollforward", 1, null, null, "Unknown operation"));
	}

	@ParameterizedTest(name = "{0} steps={1} toVersion={2} lastBatch={3}")
	@MethodSource("invalidRollbacks")
	void rejectsAnInvalidRollbackRequestWithoutChangingAnything(String action, Integer steps, String toVersion,
			Boolean lastBatch, String message) {
		migrateUpTo("base", "2");
		MigrationsEndpoint endpoint = endpoint("base", null);
		assertThatExceptionOfType(MigrationsOperationException.class)
			.isThrownBy(() -> endpoint.perform(action, steps, toVersion, lastBatch, null, false, null, null))
			.satisfies((ex) -> assertThat(ex.getBody().reason()).contains(message));
		assertThat(endpoint.migrations().currentVersion()).isEqualTo("2");
	}

	@Test
	void refusesARollbackAcrossAnIrreversibleMigration() {
		TestMigrators.migrator(this.dataSource, "newer").migrate();
		MigrationsEndpoint endpoint = endpoint("newer", null);
		assertThatExceptionOfType(MigrationsOperationException.class)
			.isThrownBy(() -> endpoint.perform("rollback", 2, null, null, null, false, null, null))
			.satisfies((ex) -> assertThat(ex.getBody().reason()).contains("Cannot roll back migration 4"));
		assertThat(endpoint.migrations().currentVersion()).isEqualTo("4");
	}

	@Test
	void dryRunReturnsThePlanWithoutChangingAnything() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		MigrationsEndpoint endpoint = endpoint("base", null);
		RollbackDescriptor result = (RollbackDescriptor) endpoint.perform("rollback", 2, null, null, null, true, null, null);
		assertThat(result.dryRun()).isTrue();
		assertThat(result.actor()).isEqualTo("anonymous");
		assertThat(result.steps()).extracting(RollbackStepDescriptor::version).containsExactly("3", "2");
		assertThat(result.steps().get(0).sql()).contains("DROP TABLE orders");
		assertThat(result.steps().get(0).transactional()).isTrue();
		assertThat(endpoint.migrations().currentVersion()).isEqualTo("3");
	}

	@Test
	void rollbackOfTheLastBatchRevertsItAndRecordsThePrincipal() {
		migrateUpTo("base", "1");
		TestMigrators.migrator(this.dataSource, "base").migrate();
		MigrationsEndpoint endpoint = endpoint("base", null);
		RollbackDescriptor result =
				(RollbackDescriptor) endpoint.perform("rollback", null, null, true, null, null, null, () -> "alice");
		assertThat(result.dryRun()).isFalse();
		assertThat(result.actor()).isEqualTo("alice");
		assertThat(result.steps()).extracting(RollbackStepDescriptor::version).containsExactly("3", "2");
		MigrationsDescriptor after = endpoint.migrations();
		assertThat(after.currentVersion()).isEqualTo("1");
		assertThat(after.pending()).isEqualTo(2);
	}

	@Test
	void rollbackToAVersionRevertsEverythingNewer() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		MigrationsEndpoint endpoint = endpoint("base", null);
		RollbackDescriptor result =
				(RollbackDescriptor) endpoint.perform("rollback", null, "1", null, null, false, null, null);
		assertThat(result.steps()).extracting(RollbackStepDescriptor::version).containsExactly("3", "2");
		assertThat(endpoint.migrations().migrations()).extracting(MigrationDescriptor::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.PENDING, MigrationState.PENDING);
	}

	@Test
	void rollbackBySteps() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		MigrationsEndpoint endpoint = endpoint("base", null);
		endpoint.perform("rollback", 1, null, null, null, false, null, null);
		assertThat(endpoint.migrations().currentVersion()).isEqualTo("2");
	}

	private void migrateUpTo(String set, String version) {
		new Migrator(this.dataSource, TestMigrators.config(set).target(MigrationVersion.parse(version)).build())
			.migrate();
	}

	private MigrationsEndpoint endpoint(String set, LastMigrationRun lastRun) {
		return new MigrationsEndpoint(TestMigrators.migrator(this.dataSource, set), lastRun);
	}

}
