package io.github.migrations.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.github.migrations.MigrationPreflightException;
import io.github.migrations.Migrator;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint.PreflightDescriptor;
import io.github.migrations.preflight.MaintenanceWindow;
import io.github.migrations.preflight.PreflightCheck;
import io.github.migrations.preflight.PreflightConfig;
import io.github.migrations.preflight.PreflightContext;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightStatus;
import io.github.migrations.testsupport.H2Database;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The pre-flight checks through the auto-configuration, on H2: {@code migrations.preflight.*} reach
 * the engine, {@link PreflightCheck} beans run at startup, a blocking finding stops startup with a
 * clear failure analysis, and findings show in the endpoint and as meters.
 * {@link MigrationsPreflightAutoConfigurationPostgresTests} adds the linter's findings next to
 * them.
 */
class MigrationsPreflightAutoConfigurationH2Tests {

	private final String h2Url = H2Database.url();

	private final ApplicationContextRunner onH2 = PreflightApplication.contextRunner()
		.withPropertyValues("spring.datasource.url=" + this.h2Url);

	@Test
	void preflightCheckBeansArePickedUpInOrder() {
		this.onH2.withPropertyValues("migrations.mode=none")
			.withUserConfiguration(TwoChecksConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Migrator.class).getConfig().getPreflight().getChecks())
					.extracting(PreflightCheck::id)
					.containsExactly("replica-lag", "release-freeze");
			});
	}

	@Test
	void propertiesAreMappedIntoThePreflightConfig() {
		this.onH2
			.withPropertyValues("migrations.mode=none", "migrations.preflight.enabled=false",
					"migrations.preflight.idle-in-transaction-threshold=2s",
					"migrations.preflight.long-running-threshold=3m", "migrations.preflight.table-size-threshold=10MB",
					"migrations.preflight.active-connections-threshold=7",
					"migrations.preflight.maintenance-window=22:00-04:00",
					"migrations.preflight.maintenance-window-zone=Europe/Berlin",
					"migrations.preflight.outside-window=warning", "migrations.preflight.timeout=750ms",
					"migrations.preflight.skip-checks=table-size,active-connections")
			.run((context) -> {
				PreflightConfig config = context.getBean(Migrator.class).getConfig().getPreflight();
				assertThat(config.isEnabled()).isFalse();
				assertThat(config.getIdleInTransactionThreshold()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.getLongRunningThreshold()).isEqualTo(Duration.ofMinutes(3));
				assertThat(config.getTableSizeThreshold()).isEqualTo(DataSize.ofMegabytes(10));
				assertThat(config.getActiveConnectionsThreshold()).isEqualTo(7);
				assertThat(config.getMaintenanceWindow()).isEqualTo(
						new MaintenanceWindow(LocalTime.of(22, 0), LocalTime.of(4, 0), ZoneId.of("Europe/Berlin")));
				assertThat(config.getOutsideWindow()).isEqualTo(PreflightStatus.WARNING);
				assertThat(config.getTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(config.getSkipChecks()).containsExactlyInAnyOrder("table-size", "active-connections");
			});
	}

	@Test
	void aMalformedMaintenanceWindowFailsStartupNamingTheForm() {
		this.onH2.withPropertyValues("migrations.preflight.maintenance-window=nights").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("maintenance window 'nights' is not of the form HH:mm-HH:mm");
		});
	}

	@Test
	void aBlockingCheckBeanStopsStartupBeforeAnythingIsChangedAndTheFailureAnalysisListsIt() {
		this.onH2.withUserConfiguration(TwoChecksConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MigrationPreflightException.class);
			FailureAnalysis analysis = new MigrationsFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).isEqualTo("""
					Pre-flight checks found 1 blocking condition; no migration was applied and nothing was changed
					    release-freeze: Release freeze until Monday: deploy the migrations after it (ticket OPS-1)""");
			assertThat(analysis.getAction()).contains("Do what each finding above says")
				.contains("migrations.preflight.skip-checks=<check>")
				.contains("migrations.preflight.enabled=false");
			JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.SimpleDriverDataSource(
					new org.h2.Driver(), this.h2Url, "sa", ""));
			assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables WHERE upper(table_name) IN "
					+ "('SCHEMA_MIGRATIONS', 'MIGRATION_LOCK', 'GREETING')", Integer.class)).isZero();
		});
	}

	@Test
	void findingsAppearInTheEndpointAndAreCountedOncePerRunWithPendingMigrations() {
		this.onH2.withUserConfiguration(WarningCheckConfiguration.class)
			.withPropertyValues("migrations.preflight.maintenance-window=22:00-04:00",
					"migrations.preflight.maintenance-window-zone=Europe/Berlin",
					"migrations.preflight.outside-window=warning")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PreflightDescriptor preflight = context.getBean(MigrationsEndpoint.class).migrations().preflight();
				assertThat(preflight).isNotNull();
				assertThat(preflight.outcome()).isEqualTo(PreflightStatus.WARNING);
				assertThat(preflight.results()).extracting((r) -> r.check(), (r) -> r.status())
					.containsExactly(tuple("blocking-sessions", PreflightStatus.SKIPPED),
							tuple("table-size", PreflightStatus.SKIPPED),
							tuple("active-connections", PreflightStatus.SKIPPED),
							tuple("replication", PreflightStatus.SKIPPED),
							tuple("maintenance-window", PreflightStatus.WARNING),
							tuple("replica-lag", PreflightStatus.WARNING));
				String json = JsonMapper.builder().build().writeValueAsString(preflight);
				assertThat(json).contains("\"outcome\":\"WARNING\"")
					.contains("{\"check\":\"maintenance-window\",\"status\":\"WARNING\",\"message\":\"Outside the "
							+ "maintenance window 22:00-04:00 Europe/Berlin (now 13:00 there)")
					.contains("\"details\":{\"window\":\"22:00-04:00 Europe/Berlin\",\"now\":\"2024-01-15T12:00:00Z\"}");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Map<String, Double> expected = Map.of("blocking-sessions/skipped", 1.0, "table-size/skipped", 1.0,
						"active-connections/skipped", 1.0, "replication/skipped", 1.0, "maintenance-window/warning", 1.0,
						"replica-lag/warning", 1.0);
				assertThat(PreflightApplication.preflightCounts(registry)).isEqualTo(expected);
				// nothing pending: no checks, no new counts
				context.getBean(Migrator.class).migrate();
				assertThat(PreflightApplication.preflightCounts(registry)).isEqualTo(expected);
			});
	}

	static PreflightCheck check(String id, PreflightResult result) {
		return new PreflightCheck() {

			@Override
			public String id() {
				return id;
			}

			@Override
			public List<PreflightResult> check(PreflightContext context) {
				return List.of(result);
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoChecksConfiguration {

		@Bean
		@Order(2)
		PreflightCheck releaseFreeze() {
			return check("release-freeze", PreflightResult.blocking("release-freeze",
					"Release freeze until Monday: deploy the migrations after it (ticket OPS-1)", Map.of()));
		}

		@Bean
		@Order(1)
		PreflightCheck replicaLag() {
			return check("replica-lag", PreflightResult.passed("replica-lag", "Replicas are 0 s behind"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WarningCheckConfiguration {

		@Bean
		PreflightCheck replicaLag() {
			return check("replica-lag", PreflightResult.warning("replica-lag",
					"Replica lag is 12 s: expect stale reads during the migration",
					PreflightResult.details("lagSeconds", "12")));
		}

		// a fixed clock: 12:00 UTC is 13:00 in Berlin, outside 22:00-04:00
		@Bean
		MigratorConfigCustomizer fixedClock() {
			return (builder) -> builder.preflight(
					(preflight) -> preflight.clock(Clock.fixed(Instant.parse("2024-01-15T12:00:00Z"), ZoneOffset.UTC)));
		}

	}

}
