package io.github.migrations.autoconfigure;

import java.util.List;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationState;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.MigrationsDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.PendingDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.RepairDescriptor;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.RollbackDescriptor;
import io.github.migrations.actuate.health.MigrationsHealthIndicator;
import io.github.migrations.autoconfigure.health.MigrationsHealthContributorAutoConfiguration;
import io.github.migrations.autoconfigure.metrics.MigrationsMetricsAutoConfiguration;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter on MariaDB: the startup run, then status, the endpoint's rollback and repair, the
 * health indicator, the meters and the observations, each test in a database of its own.
 */
class MigrationsAutoConfigurationMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int databases;

	private String database = "";

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	@BeforeEach
	void freshDatabase() {
		this.database = db.schema("a" + (++databases));
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + this.database);
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					MigrationsAutoConfiguration.class, MigrationsEndpointAutoConfiguration.class,
					MigrationsHealthContributorAutoConfiguration.class, MigrationsMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> this.observations)
			.withPropertyValues("spring.datasource.url=" + db.jdbcUrl().replace(db.name(), this.database),
					"spring.datasource.username=" + db.user(), "spring.datasource.password=" + db.password(),
					"migrations.locations=classpath:migrations/base", "migrations.lock.lease=2s",
					"migrations.lock.wait-timeout=5s", "management.endpoints.web.exposure.include=migrations");
	}

	@Test
	void theStartupRunIsReportedByTheEndpointTheHealthTheMetersAndTheObservations() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			MigrationsDescriptor status = context.getBean(MigrationsEndpoint.class).migrations();
			assertThat(status.database()).containsIgnoringCase("MariaDB");
			assertThat(status.schema()).isEqualTo(this.database);
			assertThat(status.currentVersion()).isEqualTo("3");
			assertThat(status.counts()).containsEntry(MigrationState.APPLIED, 3L);
			assertThat(status.lock().held()).isFalse();
			assertThat(status.lock().fence()).isPositive();
			assertThat(status.lastRun().applied()).isEqualTo(3);
			assertThat(status.migrations()).allSatisfy((migration) -> {
				assertThat(migration.state()).isEqualTo(MigrationState.APPLIED);
				assertThat(migration.executedAt()).isNotNull();
				assertThat(migration.batch()).isEqualTo(1);
			});

			Health health = context.getBean(MigrationsHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("currentVersion", "3");

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("migrations.execution").tag("direction", "up").tag("outcome", "success").timer()
				.count()).isEqualTo(3);
			assertThat(meters.get("migrations.lock.wait").tag("outcome", "acquired").timer().count()).isEqualTo(1);
			assertThat(meters.get("migrations.applied").gauge().value()).isEqualTo(3.0);
			assertThat(meters.get("migrations.pending").gauge().value()).isEqualTo(0.0);

			TestObservationRegistryAssert.assertThat(this.observations)
				.hasNumberOfObservationsWithNameEqualTo("migrations.run", 1)
				.hasNumberOfObservationsWithNameEqualTo("migrations.migration", 3)
				.hasObservationWithNameEqualTo("migrations.run")
				.that()
				.hasLowCardinalityKeyValue("outcome", "success");
		});
	}

	@Test
	void aRollbackThroughTheEndpointRevertsTheNewestMigrationAndStatusHealthAndMetersFollow() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);
			RollbackDescriptor rollback = (RollbackDescriptor) endpoint.perform("rollback", 1, null, null, null,
					false, null, () -> "ops");
			assertThat(rollback.steps()).singleElement().satisfies((step) -> {
				assertThat(step.version()).isEqualTo("3");
				assertThat(step.sql()).contains("DROP TABLE orders");
			});
			assertThat(new JdbcTemplate(db.dataSource()).queryForObject("SELECT COUNT(*) FROM "
					+ "information_schema.tables WHERE table_schema = ? AND table_name = 'orders'", Integer.class,
					this.database))
				.isZero();
			PendingDescriptor pending = (PendingDescriptor) endpoint.migration("pending");
			assertThat(pending.migrations()).extracting(MigrationDescriptor::version).containsExactly("3");
			MigrationsDescriptor status = endpoint.migrations();
			assertThat(status.currentVersion()).isEqualTo("2");
			assertThat(status.lastRun().operation()).isEqualTo("rollback");
			assertThat(new JdbcTemplate(db.dataSource()).queryForList("SELECT actor FROM " + this.database
					+ ".schema_migrations_audit WHERE operation = 'rollback'", String.class))
				.containsExactly("ops");
			assertThat(context.getBean(MigrationsHealthIndicator.class).health(true).getDetails())
				.containsEntry("currentVersion", "2")
				.containsEntry("pending", 1);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("migrations.execution").tag("direction", "down").tag("outcome", "success").timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void aMigrationThatFailedPartWayMakesTheHealthDownUntilARepairThroughTheEndpoint() {
		// DDL commits by itself on MariaDB: the failed migration's first statement took effect
		assertThatExceptionOfType(MigrationException.class).isThrownBy(() -> TestMigrators
			.migrator(db.dataSource(this.database), "failing")
			.migrate());
		contextRunner().withPropertyValues("migrations.locations=classpath:migrations/failing", "migrations.mode=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MigrationsHealthIndicator indicator = context.getBean(MigrationsHealthIndicator.class);
				Health health = indicator.health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("failed", List.of("2"));
				MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);
				assertThat(endpoint.migrations().counts()).containsEntry(MigrationState.FAILED, 1L);
				RepairDescriptor repair = (RepairDescriptor) endpoint.perform("repair", null, null, null, null, null,
						null, () -> "ops");
				assertThat(repair.cleared()).hasSize(1);
				assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(endpoint.migrations().counts()).containsEntry(MigrationState.FAILED, 0L)
					.containsEntry(MigrationState.PENDING, 1L);
			});
	}

}
