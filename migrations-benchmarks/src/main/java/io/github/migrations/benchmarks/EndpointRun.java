package io.github.migrations.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /actuator/migrations}' work without the HTTP layer: the endpoint's read operation
 * (which reads {@link Migrator#status()}) and the JSON of its answer. As in an application, the
 * migrations are class path resources ({@code classpath:db/migration}) and the Migrator is one
 * bean: its first call scans, the timed ones after it read the history and build the answer.
 */
final class EndpointRun {

	private EndpointRun() {
	}

	static List<Double> measure(DataSource dataSource, Path root, int expected, int repeats) throws IOException {
		// no parent: the class path holds these migrations and nothing else
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { root.toUri().toURL() }, null)) {
			MigratorConfig config = MigratorConfig.builder()
				.locations("classpath:" + MigrationsTool.LOCATION)
				.resourceLoader(new DefaultResourceLoader(classLoader))
				.build();
			return measure(new MigrationsEndpoint(new Migrator(dataSource, config), null), expected, repeats);
		}
	}

	private static List<Double> measure(MigrationsEndpoint endpoint, int expected, int repeats) {
		JsonMapper json = JsonMapper.builder().build();
		MigrationsEndpoint.MigrationsDescriptor first = endpoint.migrations();
		long applied = first.counts().get(MigrationState.APPLIED);
		if (first.migrations().size() != expected || applied != expected) {
			throw new IllegalStateException("The endpoint lists " + first.migrations().size() + " migrations, "
					+ applied + " applied; expected " + expected);
		}
		json.writeValueAsBytes(first);
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < repeats; i++) {
			long started = System.nanoTime();
			json.writeValueAsBytes(endpoint.migrations());
			millis.add((System.nanoTime() - started) / 1_000_000.0);
		}
		return millis;
	}

}
