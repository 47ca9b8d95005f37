package io.github.migrations.actuate.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.migrations.actuate.endpoint.JsonValues.json;
import static io.github.migrations.actuate.endpoint.JsonValues.list;
import static io.github.migrations.actuate.endpoint.JsonValues.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application that migrates several databases ({@code migrations.instances.<name>}), over
 * HTTP in a real web server: the endpoint shows every instance by name and reverts one by name,
 * pages long lists, the health is a composite that names the failing instance, and the meters
 * carry the instance's name.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationsInstancesEndpointWebH2Tests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theEndpointShowsEveryInstanceByNameAndRevertsOneByName(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoint.migrations.access=unrestricted")) {
			// open write access without Spring Security: the one WARN names the instances' operations too
			assertThat(output).containsPattern(
					"POST /actuator/migrations/instances/<name>/rollback and /repair for \\[(orders, audit|audit, orders)]");
			Map<String, Object> all = json(get(context, "/actuator/migrations"));
			assertThat(all).containsEntry("currentVersion", "3");
			Map<String, Object> instances = map(all.get("instances"));
			assertThat(instances).containsOnlyKeys("orders", "audit");
			assertThat(map(instances.get("orders"))).containsEntry("currentVersion", "1")
				.containsEntry("instances", Map.of());
			assertThat(map(instances.get("audit"))).containsEntry("currentVersion", "2");
			assertThat(list(map(instances.get("audit")).get("migrations"))).extracting((m) -> m.get("name"))
				.containsExactly("create_audit_entry", "add_audit_entry_at");

			assertThat(json(get(context, "/actuator/migrations/instances/audit"))).containsEntry("currentVersion", "2")
				.containsEntry("instances", Map.of());
			assertThat(json(get(context, "/actuator/migrations/instances/audit/2"))).containsEntry("state", "APPLIED");
			assertThat(get(context, "/actuator/migrations/instances/nope").statusCode()).isEqualTo(404);

			HttpResponse<String> rollback = post(context, "/actuator/migrations/instances/audit/rollback",
					"{\"steps\":1}");
			assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
			assertThat(list(json(rollback).get("steps"))).extracting((step) -> step.get("version")).containsExactly("2");
			assertThat(json(get(context, "/actuator/migrations/instances/audit/pending"))).containsEntry("count", 1);
			// the other instances are untouched
			Map<String, Object> after = json(get(context, "/actuator/migrations"));
			assertThat(after).containsEntry("currentVersion", "3");
			assertThat(map(map(after.get("instances")).get("orders"))).containsEntry("currentVersion", "1");

			HttpResponse<String> unknown = post(context, "/actuator/migrations/instances/nope/rollback", "{\"steps\":1}");
			assertThat(unknown.statusCode()).isEqualTo(400);
			assertThat((String) json(unknown).get("reason")).contains("No migrations instance named 'nope'");
		}
	}

	@Test
	void withDefaultAccessNoInstanceCanBeRevertedOverHttp() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			HttpResponse<String> rollback = post(context, "/actuator/migrations/instances/audit/rollback",
					"{\"steps\":1}");
			assertThat(rollback.statusCode()).isIn(404, 405);
			assertThat(json(get(context, "/actuator/migrations/instances/audit"))).containsEntry("currentVersion", "2");
		}
	}

	@Test
	void theListIsPagedByStateLimitAndAfterAndTheWholeListStaysReachable() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			Map<String, Object> first = json(get(context, "/actuator/migrations?limit=2"));
			assertThat(list(first.get("migrations"))).extracting((m) -> m.get("version")).containsExactly("1", "2");
			assertThat(map(first.get("page"))).containsEntry("matching", 3)
				.containsEntry("limit", 2)
				.containsEntry("next", "2");
			// the summary does not depend on the page
			assertThat(map(first.get("counts"))).containsEntry("APPLIED", 3);
			Map<String, Object> second = json(get(context, "/actuator/migrations?limit=2&after=2"));
			assertThat(list(second.get("migrations"))).extracting((m) -> m.get("version")).containsExactly("3");
			assertThat(map(second.get("page"))).containsEntry("after", "2").containsEntry("next", null);

			Map<String, Object> rest = json(get(context, "/actuator/migrations?limit=all&after=1"));
			assertThat(list(rest.get("migrations"))).extracting((m) -> m.get("version")).containsExactly("2", "3");
			Map<String, Object> whole = json(get(context, "/actuator/migrations?limit=all"));
			assertThat(list(whole.get("migrations"))).hasSize(3);
			assertThat(map(whole.get("page"))).containsEntry("limit", null);
			Map<String, Object> pending = json(get(context, "/actuator/migrations?state=pending,failed"));
			assertThat(list(pending.get("migrations"))).isEmpty();
			assertThat(map(pending.get("page"))).containsEntry("matching", 0);
			Map<String, Object> applied = json(get(context, "/actuator/migrations?state=applied&limit=1&after=1"));
			assertThat(list(applied.get("migrations"))).extracting((m) -> m.get("version")).containsExactly("2");
			// an instance's list is paged alike
			Map<String, Object> audit = json(get(context, "/actuator/migrations/instances/audit?limit=1"));
			assertThat(map(audit.get("page"))).containsEntry("next", "1").containsEntry("matching", 2);

			for (String bad : new String[] { "limit=0", "limit=many", "state=nope" }) {
				HttpResponse<String> response = get(context, "/actuator/migrations?" + bad);
				assertThat(response.statusCode()).as(bad).isEqualTo(400);
			}
		}
	}

	@Test
	void theHealthIsACompositeThatNamesTheFailingInstanceAndTheMetersCarryTheInstance() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoint.health.show-details=always",
				"management.endpoint.migrations.access=unrestricted",
				"migrations.instances.broken.url=" + H2Database.url(),
				"migrations.instances.broken.locations=classpath:migrations/failing",
				"migrations.instances.broken.mode=none")) {
			Map<String, Object> healthy = map(map(json(get(context, "/actuator/health")).get("components")).get("migrations"));
			assertThat(healthy).containsEntry("status", "UP");
			assertThat(map(healthy.get("components"))).containsOnlyKeys("default", "orders", "audit", "broken");

			assertThatExceptionOfType(MigrationException.class)
				.isThrownBy(() -> context.getBean("brokenMigrator", Migrator.class).migrate());
			Map<String, Object> health = json(get(context, "/actuator/health"));
			assertThat(health).containsEntry("status", "DOWN");
			Map<String, Object> migrations = map(map(health.get("components")).get("migrations"));
			assertThat(migrations).containsEntry("status", "DOWN");
			Map<String, Object> components = map(migrations.get("components"));
			assertThat(map(components.get("broken"))).containsEntry("status", "DOWN");
			assertThat(map(map(components.get("broken")).get("details"))).containsKey("failed");
			assertThat(map(components.get("default"))).containsEntry("status", "UP");
			assertThat(map(components.get("audit"))).containsEntry("status", "UP");

			Map<String, Object> applied = json(
					get(context, "/actuator/metrics/migrations.applied?tag=migrations.instance:audit"));
			assertThat(list(applied.get("measurements"))).singleElement()
				.satisfies((m) -> assertThat(m).containsEntry("value", 2.0));
			Map<String, Object> failures = json(get(context,
					"/actuator/metrics/migrations.execution?tag=migrations.instance:broken&tag=outcome:failure"));
			assertThat(list(failures.get("measurements"))).filteredOn((m) -> "COUNT".equals(m.get("statistic")))
				.singleElement()
				.satisfies((m) -> assertThat(m).containsEntry("value", 1.0));
			Map<String, Object> defaults = json(
					get(context, "/actuator/metrics/migrations.applied?tag=migrations.instance:default"));
			assertThat(list(defaults.get("measurements"))).singleElement()
				.satisfies((m) -> assertThat(m).containsEntry("value", 3.0));

			// a rollback refused on the dirty instance names that instance's repair, not the default's
			HttpResponse<String> refused = post(context, "/actuator/migrations/instances/broken/rollback",
					"{\"steps\":1}");
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
			assertThat((String) json(refused).get("fix")).contains("POST /actuator/migrations/instances/broken/repair")
				.doesNotContain("POST /actuator/migrations/repair");

			// the failed instance is repaired by name, the others are not touched
			HttpResponse<String> plan = post(context, "/actuator/migrations/instances/broken/repair",
					"{\"dryRun\":true}");
			assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
			assertThat(json(plan)).containsEntry("dryRun", true);
			assertThat((List<?>) json(plan).get("cleared")).singleElement().asString().contains("2");
			HttpResponse<String> repair = post(context, "/actuator/migrations/instances/broken/repair", "{}");
			assertThat(repair.statusCode()).as(repair.body()).isEqualTo(200);
			Map<String, Object> repaired = map(map(map(map(json(get(context, "/actuator/health")).get("components"))
				.get("migrations")).get("components")).get("broken"));
			// the failed migration is pending again: UP, with the pending count
			assertThat(repaired).containsEntry("status", "UP");
		}
	}

	private ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(WebApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false",
					"management.endpoints.web.exposure.include=migrations,health,metrics",
					"migrations.lock.lease=2s", "migrations.lock.wait-timeout=5s",
					"migrations.locations=classpath:migrations/base",
					"migrations.instances.orders.url=" + H2Database.url(),
					"migrations.instances.orders.locations=classpath:db/other",
					"migrations.instances.audit.url=" + H2Database.url(),
					"migrations.instances.audit.locations=classpath:migrations/audit")
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

	}

}
