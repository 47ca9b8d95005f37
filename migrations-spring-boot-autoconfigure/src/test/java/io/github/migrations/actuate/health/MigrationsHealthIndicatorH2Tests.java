package io.github.migrations.actuate.health;

import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MigrationsHealthIndicator} against H2.
 */
class MigrationsHealthIndicatorH2Tests {

	private final DataSource dataSource = H2Database.dataSource();

	@Test
	void upWhenEverythingIsApplied() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		Health health = indicator("base", Status.OUT_OF_SERVICE).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("currentVersion", "3")
			.containsEntry("pending", 0)
			.doesNotContainKeys("failed", "checksumMismatch");
	}

	@Test
	void upWithThePendingCountWhenMigrationsArePendingByDefault() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		Health health = indicator("newer", Status.UP).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("currentVersion", "3").containsEntry("pending", 1);
	}

	@Test
	void outOfServiceWhenMigrationsArePendingAndSoConfigured() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		Health health = indicator("newer", Status.OUT_OF_SERVICE).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("pending", 1);
	}

	@Test
	void outOfServiceOnAnEmptyDatabaseWhenSoConfigured() {
		Health health = indicator("base", Status.OUT_OF_SERVICE).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("currentVersion", "none").containsEntry("pending", 3);
	}

	@Test
	void downWhenAMigrationFailedPartWay() {
		Migrator migrator = TestMigrators.migrator(this.dataSource, "failing");
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate);
		Health health = indicator("failing", Status.UP).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("failed", List.of("2"));
	}

	@Test
	void downNamingARepeatableMigrationThatFailedPartWay() {
		Migrator migrator = TestMigrators.migrator(this.dataSource, "failing-repeatable");
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate);
		Health health = indicator("failing-repeatable", Status.UP).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("failed", List.of("customer_copy"))
			.containsEntry("currentVersion", "1");
	}

	@Test
	void downWhenAnAppliedMigrationWasEdited() {
		TestMigrators.migrator(this.dataSource, "base").migrate();
		Health health = indicator("edited", Status.UP).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("checksumMismatch", List.of("2"));
	}

	@Test
	void downWithTheErrorWhenTheDatabaseCannotBeReached() {
		PGSimpleDataSource unreachable = new PGSimpleDataSource();
		unreachable.setURL("jdbc:postgresql://127.0.0.1:1/none");
		unreachable.setConnectTimeout(1);
		Health health = new MigrationsHealthIndicator(TestMigrators.migrator(unreachable, "base"), Status.UP)
			.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsKey("error");
	}

	private MigrationsHealthIndicator indicator(String set, Status pendingStatus) {
		return new MigrationsHealthIndicator(TestMigrators.migrator(this.dataSource, set), pendingStatus);
	}

}
