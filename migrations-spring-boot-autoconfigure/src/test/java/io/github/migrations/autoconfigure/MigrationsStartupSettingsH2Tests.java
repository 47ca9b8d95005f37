package io.github.migrations.autoconfigure;

import java.time.Duration;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup settings of issue 15 through the properties: missing locations, connect retries and
 * the linter's selection reach the engine, and bad values stop the start with a clear message.
 */
class MigrationsStartupSettingsH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrationsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true", "migrations.lock.lease=2s",
				"migrations.lock.wait-timeout=5s");

	@Test
	void aMissingLocationStopsTheStartWhenFailOnMissingLocationsIsSet() {
		this.contextRunner
			.withPropertyValues("migrations.locations=classpath:db/migration,classpath:db/nowhere",
					"migrations.fail-on-missing-locations=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(MigrationException.class)
					.hasMessageContaining("Migration location classpath:db/nowhere does not exist");
				FailureAnalysis analysis = new MigrationsFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction()).contains("fail-on-missing-locations");
			});
	}

	@Test
	void aMissingLocationIsNoErrorByDefault() {
		this.contextRunner.withPropertyValues("migrations.locations=classpath:db/migration,classpath:db/nowhere")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(Migrator.class));
	}

	@Test
	void connectRetriesAndLintSelectionReachTheEngine() {
		this.contextRunner
			.withPropertyValues("migrations.connect-retries=4", "migrations.connect-retries-interval=3s",
					"migrations.lint.rules=prefer-text", "migrations.lint.start-after=20240101000000",
					"migrations.mode=none")
			.run((context) -> {
				MigratorConfig config = context.getBean(Migrator.class).getConfig();
				assertThat(config.getConnectRetries()).isEqualTo(4);
				assertThat(config.getConnectRetriesInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.getLintRules()).containsExactly("prefer-text");
				assertThat(config.getLintStartAfter()).hasToString("20240101000000");
			});
	}

	@Test
	void anUnknownLintRuleStopsTheStartNamingTheKnownOnes() {
		this.contextRunner.withPropertyValues("migrations.lint.rules=prefer-uuid").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("lint rules [prefer-uuid] are unknown")
				.hasMessageContaining("index-not-concurrent");
		});
	}

	@Test
	void negativeConnectRetriesStopTheStart() {
		this.contextRunner.withPropertyValues("migrations.connect-retries=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("connect retries must not be negative, was -1");
		});
	}

}
