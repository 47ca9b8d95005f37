package io.github.migrations.autoconfigure;

import java.util.Map;
import java.util.stream.Collectors;

import io.github.migrations.autoconfigure.metrics.MigrationsMetricsAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The application the pre-flight tests start (on H2 and on PostgreSQL): the engine, its endpoint
 * and its meters, auto-configured; and how those tests read the counters it leaves.
 */
final class PreflightApplication {

	private PreflightApplication() {
	}

	/**
	 * A runner of the application, without a database URL yet.
	 */
	static ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					MigrationsAutoConfiguration.class, MigrationsEndpointAutoConfiguration.class,
					MigrationsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
					"management.endpoints.web.exposure.include=migrations");
	}

	/**
	 * The {@code migrations.preflight} counts, by {@code check/status}.
	 */
	static Map<String, Double> preflightCounts(MeterRegistry registry) {
		return counts(registry, "migrations.preflight", "check", "status");
	}

	/**
	 * The counts of every counter of one name, by the values of two of its tags ({@code a/b}).
	 */
	static Map<String, Double> counts(MeterRegistry registry, String name, String firstTag, String secondTag) {
		return registry.find(name)
			.counters()
			.stream()
			.collect(Collectors.toMap((c) -> c.getId().getTag(firstTag) + "/" + c.getId().getTag(secondTag),
					Counter::count));
	}

}
