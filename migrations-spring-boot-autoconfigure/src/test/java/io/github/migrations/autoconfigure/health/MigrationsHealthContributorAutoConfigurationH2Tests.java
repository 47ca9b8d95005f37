package io.github.migrations.autoconfigure.health;

import io.github.migrations.Migrator;
import io.github.migrations.actuate.health.MigrationsHealthIndicator;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsHealthContributorAutoConfiguration}.
 */
class MigrationsHealthContributorAutoConfigurationH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsHealthContributorAutoConfiguration.class))
		.withBean(Migrator.class, () -> TestMigrators.migrator(H2Database.dataSource(), "base"));

	@Test
	void createsTheIndicatorByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(MigrationsHealthIndicator.class)
			.hasBean("migrationsHealthIndicator"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.migrations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
	}

	@Test
	void backsOffWhenDefaultIndicatorsAreDisabled() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
	}

	@Test
	void backsOffWithoutAMigrator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MigrationsHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsHealthIndicator.class));
	}

	@Test
	void backsOffWithoutTheHealthApiOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsHealthIndicator.class));
	}

	@Test
	void pendingMigrationsAreUpByDefault() {
		// the database is empty, so every migration is pending
		this.contextRunner.run((context) -> assertThat(
				context.getBean(MigrationsHealthIndicator.class).health(true).getStatus())
			.isEqualTo(Status.UP));
	}

	@Test
	void pendingStatusIsConfigurable() {
		this.contextRunner.withPropertyValues("management.health.migrations.pending-status=out-of-service")
			.run((context) -> assertThat(
					context.getBean(MigrationsHealthIndicator.class).health(true).getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE));
	}

}
