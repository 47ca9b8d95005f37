package io.github.migrations.actuate.metrics;

import java.util.function.Predicate;

import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.observation.Observation.ContextView;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MigrationsObservations}: real runs against H2.
 */
class MigrationsObservationsH2Tests {

	private final DataSource dataSource = H2Database.dataSource();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void observesTheRunAndEachMigrationWithinIt() {
		migrator("base").migrate();
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("migrations.run", 1)
			.hasNumberOfObservationsWithNameEqualTo("migrations.migration", 3);
		assertThat(this.registry).hasObservationWithNameEqualTo("migrations.run")
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("operation", "migrate")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("batch", "1")
			.hasHighCardinalityKeyValue("migrations", "3");
		assertThat(this.registry).forAllObservationsWithNameEqualTo("migrations.migration",
				(migration) -> {
					Predicate<ContextView> childOfRun = (parent) -> "migrations.run".equals(parent.getName());
					migration.hasParentObservationContextMatching(childOfRun);
					migration.hasHighCardinalityKeyValue("direction", "up")
						.hasLowCardinalityKeyValue("kind", "sql")
						.hasHighCardinalityKeyValueWithKey("version")
						.doesNotHaveLowCardinalityKeyValueWithKey("version")
						.doesNotHaveError();
				});
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("migrations.migration")
			.hasHighCardinalityKeyValue("version", "2")
			.hasHighCardinalityKeyValue("name", "add_customer_email"));
	}

	@Test
	void aRepeatableMigrationIsObservedByNameWithAnEmptyVersion() {
		migrator("repeatable").migrate();
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("migrations.migration", 2);
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("migrations.migration")
			.hasContextualNameEqualTo("migration repeatable customer_names up")
			.hasLowCardinalityKeyValue("kind", "repeatable")
			.hasHighCardinalityKeyValue("version", "")
			.hasHighCardinalityKeyValue("name", "customer_names")
			.doesNotHaveError());
	}

	@Test
	void recordsTheErrorOfAFailedMigrationAndItsRun() {
		Migrator migrator = migrator("failing");
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate);
		assertThat(this.registry).hasObservationWithNameEqualTo("migrations.run")
			.that()
			.hasBeenStopped()
			.hasError()
			.hasLowCardinalityKeyValue("outcome", "failure");
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("migrations.migration")
			.hasHighCardinalityKeyValue("version", "2")
			.hasError());
	}

	@Test
	void observesRollbackStepsAsDown() {
		Migrator migrator = migrator("base");
		migrator.migrate();
		migrator.rollback(RollbackRequest.steps(1, "test"));
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("migrations.run")
			.hasLowCardinalityKeyValue("operation", "rollback"));
		assertThat(this.registry).hasAnObservation((observation) -> observation.hasNameEqualTo("migrations.migration")
			.hasHighCardinalityKeyValue("version", "3")
			.hasHighCardinalityKeyValue("direction", "down"));
	}

	private Migrator migrator(String set) {
		return TestMigrators.migrator(this.dataSource, set, new MigrationsObservations(this.registry));
	}

}
