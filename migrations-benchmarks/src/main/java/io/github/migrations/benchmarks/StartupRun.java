package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.Banner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start of a minimal Spring Boot application (auto-configured DataSource, a runner that uses
 * it, as any application does at start) with the starter, nothing pending, against the same
 * application with the starter's auto-configurations excluded. Both in one warm JVM, alternating.
 */
final class StartupRun {

	private static final String EXCLUDE = String.join(",",
			"io.github.migrations.autoconfigure.MigrationsAutoConfiguration",
			"io.github.migrations.autoconfigure.MigrationsEndpointAutoConfiguration",
			"io.github.migrations.autoconfigure.health.MigrationsHealthContributorAutoConfiguration",
			"io.github.migrations.autoconfigure.metrics.MigrationsMetricsAutoConfiguration");

	private StartupRun() {
	}

	record Result(List<Double> with, List<Double> without) {
	}

	static Result measure(String database, Path root, int warmUps, int repeats) {
		List<Double> with = new ArrayList<>();
		List<Double> without = new ArrayList<>();
		for (int i = 0; i < warmUps + repeats; i++) {
			// alternate which goes first, so neither always runs right after a GC of the other
			boolean starterFirst = i % 2 == 0;
			double a = start(database, root, starterFirst);
			double b = start(database, root, !starterFirst);
			if (i >= warmUps) {
				with.add(starterFirst ? a : b);
				without.add(starterFirst ? b : a);
			}
		}
		return new Result(with, without);
	}

	private static double start(String database, Path root, boolean withStarter) {
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + Databases.server().url() + database,
				"spring.datasource.username=" + Databases.server().user(), "spring.main.lazy-initialization=false",
				"migrations.locations=filesystem:" + root.resolve(MigrationsTool.LOCATION).toAbsolutePath()));
		if (!withStarter) {
			properties.add("spring.autoconfigure.exclude=" + EXCLUDE);
		}
		long started = System.nanoTime();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run()) {
			double millis = (System.nanoTime() - started) / 1_000_000.0;
			if (withStarter != context.containsBean("migrator")) {
				throw new IllegalStateException("The starter was " + (withStarter ? "missing" : "active"));
			}
			return millis;
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		CommandLineRunner useTheDatabase(DataSource dataSource) {
			return (args) -> {
				try (Connection connection = dataSource.getConnection()) {
					connection.isValid(1);
				}
			};
		}

	}

}
