package io.github.migrations.autoconfigure;

import io.github.migrations.Migrator;
import io.github.migrations.actuate.endpoint.LastMigrationRun;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import io.github.migrations.actuate.endpoint.MigrationsEndpointWebExtension;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsEndpointAutoConfiguration}.
 */
class MigrationsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationsEndpointAutoConfiguration.class))
		.withBean(Migrator.class, () -> TestMigrators.migrator(H2Database.dataSource(), "base"));

	@Test
	void createsTheEndpointWithItsWebExtensionWhenExposedOverHttp() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> assertThat(context).hasSingleBean(MigrationsEndpoint.class)
				.hasSingleBean(MigrationsEndpointWebExtension.class)
				.hasSingleBean(LastMigrationRun.class));
	}

	@Test
	void createsTheEndpointWhenExposedOverJmx() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=migrations")
			.run((context) -> assertThat(context).hasSingleBean(MigrationsEndpoint.class));
	}

	@Test
	void backsOffWhenTheEndpointIsNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class)
			.doesNotHaveBean(LastMigrationRun.class));
	}

	@Test
	void backsOffWhenAccessToTheEndpointIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=migrations",
					"management.endpoint.migrations.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void backsOffWithoutAMigrator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MigrationsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void backsOffWithoutActuatorOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void usesAnEndpointDefinedByTheApplicationAlsoForTheWebExtension() {
		MigrationsEndpoint own = new MigrationsEndpoint(TestMigrators.migrator(H2Database.dataSource(), "base"), null);
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.withBean("ownEndpoint", MigrationsEndpoint.class, () -> own)
			.run((context) -> {
				assertThat(context).getBean(MigrationsEndpoint.class).isSameAs(own);
				assertThat(context).hasSingleBean(MigrationsEndpointWebExtension.class);
			});
	}

}
