package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.actuate.MigrationsEndpoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /actuator/migrations}' work without the HTTP layer: the endpoint's read operation
 * (which reads {@link Migrator#status()}) and the JSON of its answer. The Migrator is the
 * application's bean, so it is built once, as in an application.
 */
final class EndpointRun {

	private EndpointRun() {
	}

	static List<Double> measure(DataSource dataSource, Path dir, int repeats) {
		MigrationsEndpoint endpoint = new MigrationsEndpoint(new Migrator(dataSource, MigrationsTool.config(dir)),
				null);
		JsonMapper json = JsonMapper.builder().build();
		int bytes = json.writeValueAsBytes(endpoint.migrations()).length;
		if (bytes < 1_000) {
			throw new IllegalStateException("The endpoint answered with only " + bytes + " bytes");
		}
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < repeats; i++) {
			long started = System.nanoTime();
			json.writeValueAsBytes(endpoint.migrations());
			millis.add((System.nanoTime() - started) / 1_000_000.0);
		}
		return millis;
	}

}
