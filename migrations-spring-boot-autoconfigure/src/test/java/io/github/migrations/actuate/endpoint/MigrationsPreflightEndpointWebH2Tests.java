package io.github.migrations.actuate.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.preflight.PreflightCheck;
import io.github.migrations.preflight.PreflightContext;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.migrations.actuate.endpoint.JsonValues.json;
import static io.github.migrations.actuate.endpoint.JsonValues.list;
import static io.github.migrations.actuate.endpoint.JsonValues.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-flight findings of the startup run over HTTP, in a real web server: the
 * {@code preflight} section of {@code /actuator/migrations} and the {@code migrations.preflight}
 * meter in {@code /actuator/metrics}.
 */
class MigrationsPreflightEndpointWebH2Tests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theStartupRunsFindingsAreInTheEndpointAndTheMetrics() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false",
					"management.endpoints.web.exposure.include=migrations,metrics")
			.run()) {
			Map<String, Object> body = json(get(context, "/actuator/migrations"));
			assertThat(body).containsEntry("pending", 0);
			Map<String, Object> preflight = map(body.get("preflight"));
			assertThat(preflight).containsEntry("outcome", "WARNING").containsKey("checkedAt");
			List<Map<String, Object>> results = list(preflight.get("results"));
			assertThat(results).extracting((r) -> r.get("check"))
				.containsExactly("blocking-sessions", "table-size", "active-connections", "replication", "replica-lag");
			assertThat(results.get(0)).containsEntry("status", "SKIPPED")
				.containsEntry("message", "Needs the database's session and lock views (pg_stat_activity, pg_locks); "
						+ "not available on h2")
				.containsEntry("details", Map.of());
			assertThat(results.get(4)).containsEntry("status", "WARNING")
				.containsEntry("message", "Replica lag is 12 s: expect stale reads during the migration")
				.containsEntry("details", Map.of("lagSeconds", "12"));

			Map<String, Object> meter = json(get(context, "/actuator/metrics/migrations.preflight?tag=check:replica-lag"));
			assertThat(list(meter.get("measurements"))).singleElement()
				.satisfies((m) -> assertThat(m).containsEntry("statistic", "COUNT").containsEntry("value", 1.0));
			assertThat(list(meter.get("availableTags"))).containsExactlyInAnyOrder(
					Map.of("tag", "status", "values", List.of("warning")),
					Map.of("tag", "migrations.instance", "values", List.of("default")));
		}
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(
				"http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		DataSource dataSource() {
			return H2Database.dataSource();
		}

		@Bean
		PreflightCheck replicaLag() {
			return new PreflightCheck() {

				@Override
				public String id() {
					return "replica-lag";
				}

				@Override
				public List<PreflightResult> check(PreflightContext context) {
					return List.of(PreflightResult.warning("replica-lag",
							"Replica lag is 12 s: expect stale reads during the migration",
							PreflightResult.details("lagSeconds", "12")));
				}

			};
		}

	}

}
