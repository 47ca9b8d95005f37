package io.github.migrations.actuate.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.migrations.TenantResult;
import io.github.migrations.Tenants;
import io.github.migrations.actuate.metrics.MigrationsTenantObservations;
import io.github.migrations.testsupport.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.actuate.endpoint.JsonValues.json;
import static io.github.migrations.actuate.endpoint.JsonValues.list;
import static io.github.migrations.actuate.endpoint.JsonValues.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants in a real application on PostgreSQL, over HTTP: the default schema migrates first (it
 * creates the registry the tenants' query reads), then every tenant; the failing tenant leaves the
 * others migrated and the start going, the health DOWN naming it; the endpoint lists the tenants
 * (counts by state, pages, one tenant's detail), rolls one tenant back, and a tenant added at
 * runtime joins them; the meters are aggregated and each tenant's run is an Observation.
 */
class MigrationsTenantsWebPostgresTests {

	@RegisterExtension
	static final PostgresDatabase db = new PostgresDatabase();

	static ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(WebApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "spring.datasource.url=" + db.jdbcUrl(),
					"spring.datasource.username=" + db.user(), "spring.datasource.password=" + db.password(),
					"migrations.locations=classpath:migrations/registry",
					"migrations.tenants.locations=classpath:migrations/tenants",
					"migrations.tenants.schemas=acme",
					"migrations.tenants.query=SELECT schema_name FROM tenant_registry WHERE active ORDER BY 1",
					"migrations.tenants.parallelism=2", "migrations.lock.lease=3s",
					"management.endpoint.migrations.access=unrestricted",
					"management.endpoint.health.show-details=always",
					"management.endpoints.web.exposure.include=migrations,health")
			.run();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void theStartMigratesEveryTenantButTheFailingOneAndTheHealthNamesIt() throws Exception {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM public.schema_migrations", Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT note FROM globex.items", String.class)).isEqualTo("globex");
		assertThat(jdbc.queryForObject("SELECT to_regclass('public.items') IS NULL", Boolean.class)).isTrue();

		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		Map<String, Object> tenants = map(map(json(health).get("components")).get("migrationsTenants"));
		assertThat(tenants).containsEntry("status", "DOWN");
		assertThat(map(map(tenants.get("details")).get("failed"))).containsOnlyKeys("bad_co");
		assertThat(map(map(json(health).get("components")).get("migrations"))).containsEntry("status", "UP");
	}

	@Test
	void theEndpointCountsThePagesAndDetailsTheTenants() throws Exception {
		Map<String, Object> all = json(get("/actuator/migrations/tenants"));
		assertThat(all).containsEntry("total", 4);
		assertThat(map(all.get("counts"))).containsEntry("UP_TO_DATE", 3).containsEntry("FAILED", 1);
		assertThat(map(all.get("lastRun"))).containsEntry("tenants", 4).containsEntry("failed", 1);

		Map<String, Object> failed = json(get("/actuator/migrations/tenants?state=failed"));
		assertThat(list(failed.get("tenants"))).singleElement().satisfies((tenant) -> {
			assertThat(tenant).containsEntry("tenant", "bad_co");
			assertThat((String) tenant.get("error")).contains("tenant refuses the seed");
		});

		Map<String, Object> first = json(get("/actuator/migrations/tenants?limit=2"));
		assertThat(list(first.get("tenants"))).extracting((t) -> t.get("tenant")).containsExactly("acme", "bad_co");
		assertThat(first).containsEntry("next", "bad_co");
		Map<String, Object> second = json(get("/actuator/migrations/tenants?limit=2&after=bad_co"));
		assertThat(list(second.get("tenants"))).extracting((t) -> t.get("tenant")).containsExactly("globex", "initech");
		assertThat(second).containsEntry("next", null);
		assertThat(get("/actuator/migrations/tenants?state=sideways").statusCode()).isEqualTo(400);

		Map<String, Object> acme = json(get("/actuator/migrations/tenants/acme"));
		assertThat(map(acme.get("migrations"))).containsEntry("schema", "acme").containsEntry("currentVersion", "2");
		assertThat(map(acme.get("lastResult"))).containsEntry("outcome", "APPLIED");
		assertThat(get("/actuator/migrations/tenants/nobody").statusCode()).isEqualTo(404);
	}

	@Test
	void oneTenantIsRolledBackOverTheEndpointAndATenantAddedAtRuntimeJoins() throws Exception {
		HttpResponse<String> rollback = post("/actuator/migrations/tenants/initech/rollback", "{\"steps\":1}");
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
		assertThat(list(json(rollback).get("steps"))).extracting((s) -> s.get("version")).containsExactly("2");
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM initech.items", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM globex.items", Integer.class)).isOne();
		assertThat(post("/actuator/migrations/tenants/nobody/rollback", "{\"steps\":1}").statusCode()).isEqualTo(404);

		jdbc.update("INSERT INTO tenant_registry VALUES ('umbrella', true)");
		TenantResult added = context.getBean(Tenants.class).migrate("umbrella");
		assertThat(added.outcome()).isEqualTo(TenantResult.Outcome.APPLIED);
		Map<String, Object> umbrella = json(get("/actuator/migrations/tenants/umbrella"));
		assertThat(map(umbrella.get("migrations"))).containsEntry("currentVersion", "2");
	}

	@Test
	void theMetersAreAggregatedAndEachTenantRunIsObserved() {
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		assertThat(meters.find("migrations.tenants.run").timers()).allSatisfy((timer) ->
				assertThat(timer.getId().getTags()).extracting("key").containsExactly("outcome"));
		Timer applied = meters.find("migrations.tenants.run").tag("outcome", "applied").timer();
		assertThat(applied).isNotNull();
		assertThat(applied.count()).isGreaterThanOrEqualTo(3);
		assertThat(meters.find("migrations.tenants.failed").gauge().value()).isEqualTo(1.0);
		assertThat(meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("tenant")).isNull());
		List<String> observed = context.getBean(RecordingHandler.class).tenants;
		assertThat(observed).contains("acme", "bad_co", "globex", "initech");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

	/**
	 * Remembers the tenant of every {@code migrations.tenant} observation.
	 */
	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<String> tenants = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return MigrationsTenantObservations.TENANT.equals(context.getName());
		}

		@Override
		public void onStop(Observation.Context context) {
			this.tenants.add(context.getHighCardinalityKeyValue("tenant").getValue());
		}

	}

}
