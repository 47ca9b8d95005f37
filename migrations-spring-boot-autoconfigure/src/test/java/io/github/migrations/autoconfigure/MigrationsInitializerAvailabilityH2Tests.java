package io.github.migrations.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.BaseJavaMigration;
import io.github.migrations.MigrationContext;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Kubernetes probes would see while migrations run at startup: a real
 * {@code SpringApplication}, so that Boot publishes its own availability changes too.
 */
class MigrationsInitializerAvailabilityH2Tests {

	@Test
	void readinessRefusesTrafficAndLivenessIsCorrectWhileMigrationsRunThenBootAcceptsTraffic() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AvailabilityApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + H2Database.url(),
					"migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s")
			.run()) {
			V29990101000000__RecordAvailability migration = context.getBean(V29990101000000__RecordAvailability.class);
			assertThat(migration.observed).containsExactly(LivenessState.CORRECT, ReadinessState.REFUSING_TRAFFIC);
			ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ApplicationAvailabilityAutoConfiguration.class, DataSourceAutoConfiguration.class,
			MigrationsAutoConfiguration.class })
	static class AvailabilityApplication {

		@Bean
		V29990101000000__RecordAvailability recordingMigration(ApplicationContext context) {
			return new V29990101000000__RecordAvailability(context);
		}

	}

	/**
	 * Looks up the availability while it runs, as a probe would ask at that moment.
	 */
	static class V29990101000000__RecordAvailability extends BaseJavaMigration {

		private final ApplicationContext context;

		final List<AvailabilityState> observed = new ArrayList<>();

		V29990101000000__RecordAvailability(ApplicationContext context) {
			this.context = context;
		}

		@Override
		public void up(MigrationContext migration) {
			ApplicationAvailability availability = this.context.getBean(ApplicationAvailability.class);
			this.observed.add(availability.getLivenessState());
			this.observed.add(availability.getReadinessState());
		}

	}

}
