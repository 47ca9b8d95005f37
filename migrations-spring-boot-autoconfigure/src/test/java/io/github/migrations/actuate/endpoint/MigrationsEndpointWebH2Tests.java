package io.github.migrations.actuate.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
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
 * The {@code migrations} endpoint over HTTP, in a real web server on a random port: reads are
 * allowed by default, the rollback only with {@code management.endpoint.migrations.access=unrestricted}.
 */
class MigrationsEndpointWebH2Tests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readsAreServedAndRollbackIsRefusedWithDefaultAccess() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			context.getBean(Migrator.class).migrate();
			HttpResponse<String> status = get(context, "/actuator/migrations");
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).contains("json"));
			Map<String, Object> body = json(status);
			assertThat(body).containsKeys("database", "schema", "currentVersion", "counts", "pending", "lock",
					"lastRun", "migrations");
			assertThat(body).containsEntry("currentVersion", "3").containsEntry("pending", 0);
			List<Map<String, Object>> migrations = list(body.get("migrations"));
			assertThat(migrations).hasSize(3);
			assertThat(migrations.get(0)).containsEntry("version", "1")
				.containsEntry("name", "create_customer")
				.containsEntry("kind", "SQL")
				.containsEntry("state", "APPLIED")
				.containsEntry("batch", 1)
				.containsEntry("reversible", true)
				.containsKeys("script", "checksum", "executedAt", "executionTimeMs");
			assertThat(Instant.parse((String) migrations.get(0).get("executedAt"))).isNotNull();
			assertThat(map(body.get("lock"))).containsKeys("held", "fence");
			assertThat(map(body.get("lastRun"))).containsEntry("source", "instance")
				.containsEntry("outcome", "SUCCESS")
				.containsKey("lockWaitMs");
			assertThat(map(body.get("counts"))).containsEntry("APPLIED", 3).containsEntry("PENDING", 0);

			HttpResponse<String> pending = get(context, "/actuator/migrations/pending");
			assertThat(pending.statusCode()).isEqualTo(200);
			assertThat(json(pending)).containsEntry("count", 0);
			assertThat(get(context, "/actuator/migrations/2").statusCode()).isEqualTo(200);
			assertThat(get(context, "/actuator/migrations/42").statusCode()).isEqualTo(404);

			HttpResponse<String> rollback = post(context, "/actuator/migrations/rollback", "{\"steps\":1}");
			assertThat(rollback.statusCode()).isEqualTo(405);
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", "3");

			HttpResponse<String> health = get(context, "/actuator/health/migrations");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(json(health)).containsEntry("status", "UP");
		}
	}

	@Test
	void rollbackIsAvailableWithUnrestrictedAccess() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoint.migrations.access=unrestricted",
				"spring.web.error.include-message=always")) {
			context.getBean(Migrator.class).migrate();

			HttpResponse<String> dryRun = post(context, "/actuator/migrations/rollback",
					"{\"steps\":2,\"dryRun\":true}");
			assertThat(dryRun.statusCode()).isEqualTo(200);
			Map<String, Object> plan = json(dryRun);
			assertThat(plan).containsEntry("dryRun", true).containsEntry("actor", "anonymous");
			assertThat(list(plan.get("steps"))).extracting((step) -> step.get("version")).containsExactly("3", "2");
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", "3");

			for (String bad : List.of("{}", "{\"steps\":0}", "{\"steps\":1,\"lastBatch\":true}",
					"{\"toVersion\":\"nope\"}")) {
				assertThat(post(context, "/actuator/migrations/rollback", bad).statusCode()).as(bad).isEqualTo(400);
			}
			HttpResponse<String> neverApplied = post(context, "/actuator/migrations/rollback",
					"{\"toVersion\":\"42\"}");
			assertThat(neverApplied.statusCode()).isEqualTo(409);
			assertThat(json(neverApplied)).containsEntry("error", "Rollback refused");
			assertThat(neverApplied.body()).contains("never applied");
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", "3");

			// right after the first deploy the last batch is every migration
			HttpResponse<String> wholeSchema = post(context, "/actuator/migrations/rollback", "{\"lastBatch\":true}");
			assertThat(wholeSchema.statusCode()).isEqualTo(409);
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", "3");
			HttpResponse<String> rollback = post(context, "/actuator/migrations/rollback",
					"{\"lastBatch\":true,\"confirm\":true}");
			assertThat(rollback.statusCode()).isEqualTo(200);
			assertThat(json(rollback)).containsEntry("dryRun", false);
			Map<String, Object> after = json(get(context, "/actuator/migrations"));
			assertThat(after).containsEntry("currentVersion", null).containsEntry("pending", 3);
			assertThat(map(after.get("lastRun"))).containsEntry("operation", "rollback")
				.containsEntry("applied", 3);
		}
	}

	private ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(WebApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "migrations.enabled=false",
					"management.endpoints.web.exposure.include=migrations,health",
					"management.endpoint.health.show-details=always")
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path, String body)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		DataSource dataSource() {
			return H2Database.dataSource();
		}

		// what the starter's auto-configuration does: every MigrationListener bean is passed on
		@Bean
		Migrator migrator(DataSource dataSource, ObjectProvider<MigrationListener> listeners) {
			return new Migrator(dataSource,
					TestMigrators.config("base").listeners(listeners.orderedStream().toList()).build());
		}

	}

}
