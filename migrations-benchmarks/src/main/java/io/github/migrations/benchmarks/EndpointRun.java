package io.github.migrations.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /actuator/migrations}' work without the HTTP layer: the endpoint's read operation
 * (which reads {@link Migrator#status()}) and the JSON of its answer, for the whole list (the
 * reference: every answer before the list was paged), the default answer (summary and first
 * page) and a state filter. As in an application, the
 * migrations are class path resources ({@code classpath:db/migration}) and the Migrator is one
 * bean: its first call scans, the timed ones after it read the history and build the answer.
 */
final class EndpointRun {

	private EndpointRun() {
	}

	/** The whole list, as every {@code GET /actuator/migrations} answered before it was paged. */
	static final String FULL = "full list (?limit=all)";

	/** The default answer: the summary and the first page. */
	static final String PAGE = "summary + first page";

	/** The summary and the pending migrations only. */
	static final String PENDING = "summary + ?state=pending";

	static Map<String, List<Double>> measure(DataSource dataSource, Path root, int expected, int repeats)
			throws IOException {
		// no parent: the class path holds these migrations and nothing else
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { root.toUri().toURL() }, null)) {
			MigratorConfig config = MigratorConfig.builder()
				.locations("classpath:" + MigrationsTool.LOCATION)
				.resourceLoader(new DefaultResourceLoader(classLoader))
				.build();
			return measure(new MigrationsEndpoint(new Migrator(dataSource, config), null), expected, repeats);
		}
	}

	// the variants interleaved, their order rotating, so that a noisy neighbour hurts them alike
	private static Map<String, List<Double>> measure(MigrationsEndpoint endpoint, int expected, int repeats) {
		JsonMapper json = JsonMapper.builder().build();
		MigrationsEndpoint.MigrationsDescriptor first = endpoint.migrations(null, "all", null);
		long applied = first.counts().get(MigrationState.APPLIED);
		if (first.migrations().size() != expected || applied != expected) {
			throw new IllegalStateException("The endpoint lists " + first.migrations().size() + " migrations, "
					+ applied + " applied; expected " + expected);
		}
		MigrationsEndpoint.MigrationsDescriptor page = endpoint.migrations();
		if (page.migrations().size() != Math.min(expected, MigrationsEndpoint.DEFAULT_PAGE_SIZE)
				|| page.page().matching() != expected) {
			throw new IllegalStateException("The first page lists " + page.migrations().size() + " of "
					+ page.page().matching());
		}
		json.writeValueAsBytes(first);
		Map<String, Supplier<Object>> variants = new LinkedHashMap<>();
		variants.put(FULL, () -> endpoint.migrations(null, "all", null));
		variants.put(PAGE, endpoint::migrations);
		variants.put(PENDING, () -> endpoint.migrations("pending", null, null));
		Map<String, List<Double>> millis = new LinkedHashMap<>();
		List<String> names = new ArrayList<>(variants.keySet());
		for (int i = 0; i < repeats; i++) {
			for (int v = 0; v < names.size(); v++) {
				String name = names.get((i + v) % names.size());
				long started = System.nanoTime();
				json.writeValueAsBytes(variants.get(name).get());
				millis.computeIfAbsent(name, (k) -> new ArrayList<>()).add((System.nanoTime() - started) / 1_000_000.0);
			}
		}
		return millis;
	}

}
