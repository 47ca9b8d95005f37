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
import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.actuate.endpoint.JsonValues.json;
import static io.github.migrations.actuate.endpoint.JsonValues.list;
import static io.github.migrations.actuate.endpoint.JsonValues.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The write operations of the {@code migrations} endpoint over HTTP, in a real web server: a
 * refused or malformed request is answered with a body naming the reason and the fix whatever
 * Boot's error-message setting is; a rollback of every applied migration needs
 * {@code "toVersion": "0"} or {@code "confirm": true}; repair clears a dirty database after a dry
 * run that names what it clears; and open write access without Spring Security is one WARN at
 * startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationsEndpointWriteWebH2Tests {

	private static final String OPEN_WARNING = "write operations of the migrations endpoint are open";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aRollbackOfEveryAppliedMigrationIsRefusedWithTheReasonAndTheFixWhateverTheErrorMessageSetting()
			throws Exception {
		try (ConfigurableApplicationContext context = start("base", "management.endpoint.migrations.access=unrestricted",
				"spring.web.error.include-message=never")) {
			context.getBean(Migrator.class).migrate();
			for (String wholeSchema : List.of("{\"lastBatch\":true}", "{\"steps\":3}",
					"{\"lastBatch\":true,\"dryRun\":true}")) {
				HttpResponse<String> refused = post(context, "rollback", wholeSchema);
				assertThat(refused.statusCode()).as(wholeSchema).isEqualTo(409);
				assertThat(json(refused)).as(wholeSchema)
					.containsEntry("error", "Rollback refused")
					.containsOnlyKeys("error", "reason", "fix");
				assertThat((String) json(refused).get("reason")).contains("every applied migration (3)",
						"the whole schema", "would revert: 3, 2, 1");
				assertThat((String) json(refused).get("fix")).contains("toVersion 0", "confirm");
			}
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", "3");

			HttpResponse<String> confirmedPlan = post(context, "rollback",
					"{\"lastBatch\":true,\"confirm\":true,\"dryRun\":true}");
			assertThat(confirmedPlan.statusCode()).isEqualTo(200);
			assertThat(list(json(confirmedPlan).get("steps"))).extracting((step) -> step.get("version"))
				.containsExactly("3", "2", "1");
			HttpResponse<String> everything = post(context, "rollback", "{\"toVersion\":\"0\"}");
			assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", null)
				.containsEntry("pending", 3);
		}
	}

	@Test
	void refusedAndMalformedRequestsNameTheReasonAndTheFix() throws Exception {
		try (ConfigurableApplicationContext context = start("newer",
				"management.endpoint.migrations.access=unrestricted")) {
			context.getBean(Migrator.class).migrate();
			HttpResponse<String> irreversible = post(context, "rollback", "{\"steps\":2}");
			assertThat(irreversible.statusCode()).isEqualTo(409);
			Map<String, Object> body = json(irreversible);
			assertThat(body).containsEntry("error", "Rollback refused");
			assertThat((String) body.get("reason")).contains("Cannot roll back migration 4 (create_invoice)",
					"no '-- +migrate Down' section");
			assertThat((String) body.get("fix")).contains("revert it by hand");

			Map<String, String> malformed = Map.of("{}", "none was given", "{\"steps\":1,\"lastBatch\":true}",
					"2 were given", "{\"steps\":0}", "at least 1", "{\"toVersion\":\"nope\"}", "not a version");
			malformed.forEach((request, reason) -> {
				HttpResponse<String> response = post(context, "rollback", request);
				assertThat(response.statusCode()).as(request).isEqualTo(400);
				assertThat(json(response)).as(request).containsEntry("error", "Invalid rollback request");
				assertThat((String) json(response).get("reason")).as(request).contains(reason);
				assertThat((String) json(response).get("fix")).as(request).isNotBlank();
			});
			HttpResponse<String> unknown = post(context, "drop", "{}");
			assertThat(unknown.statusCode()).isEqualTo(400);
			assertThat((String) json(unknown).get("fix")).contains("/actuator/migrations/rollback",
					"/actuator/migrations/repair");
			HttpResponse<String> repairWithSteps = post(context, "repair", "{\"steps\":1}");
			assertThat(repairWithSteps.statusCode()).isEqualTo(400);
			assertThat(json(repairWithSteps)).containsEntry("error", "Invalid repair request");
			assertThat(json(get(context, "/actuator/migrations"))).containsEntry("currentVersion", "4");
		}
	}

	@Test
	void repairClearsAFailedMigrationAfterADryRunThatNamesItAndRecordsTheCallerAsAnonymous() throws Exception {
		try (ConfigurableApplicationContext context = start("failing",
				"management.endpoint.migrations.access=unrestricted")) {
			Migrator migrator = context.getBean(Migrator.class);
			assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate);

			HttpResponse<String> dirtyRollback = post(context, "rollback", "{\"steps\":1}");
			assertThat(dirtyRollback.statusCode()).isEqualTo(409);
			assertThat((String) json(dirtyRollback).get("reason")).contains("dirty");
			assertThat((String) json(dirtyRollback).get("fix")).contains("POST /actuator/migrations/repair");

			HttpResponse<String> dryRun = post(context, "repair", "{\"dryRun\":true}");
			assertThat(dryRun.statusCode()).isEqualTo(200);
			assertThat(json(dryRun)).containsEntry("dryRun", true)
				.containsEntry("actor", "anonymous")
				.containsEntry("cleared", List.of("2 backfill_without_transaction"));
			assertThat(state(context, "2")).isEqualTo("FAILED");

			HttpResponse<String> repair = post(context, "repair", "{}");
			assertThat(repair.statusCode()).isEqualTo(200);
			assertThat(json(repair)).containsEntry("dryRun", false)
				.containsEntry("mode", "rerun")
				.containsEntry("cleared", List.of("2 backfill_without_transaction"));
			assertThat(state(context, "2")).isEqualTo("PENDING");
			assertThat(json(post(context, "repair", "{}"))).containsEntry("cleared", List.of());

			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForList("SELECT actor || '|' || operation || '|' || outcome FROM "
					+ "schema_migrations_audit ORDER BY id", String.class))
				.containsExactly("anonymous|rollback|REFUSED", "anonymous|repair|DRY_RUN", "anonymous|repair|SUCCESS",
						"anonymous|repair|SUCCESS");
		}
	}

	@Test
	void repairTakesAModeMarkApplied() throws Exception {
		try (ConfigurableApplicationContext context = start("failing",
				"management.endpoint.migrations.access=unrestricted")) {
			Migrator migrator = context.getBean(Migrator.class);
			assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate);

			HttpResponse<String> unknownMode = post(context, "repair", "{\"mode\":\"later\"}");
			assertThat(unknownMode.statusCode()).isEqualTo(400);
			assertThat((String) json(unknownMode).get("reason")).contains("Unknown repair mode 'later'");
			// H2 records no per-statement progress: a resume is refused, and nothing changes
			HttpResponse<String> resume = post(context, "repair", "{\"mode\":\"resume\"}");
			assertThat(resume.statusCode()).isEqualTo(500);
			assertThat((String) json(resume).get("reason")).contains("Cannot resume migration 2");
			assertThat((String) json(resume).get("fix")).contains("mark-applied");
			assertThat(state(context, "2")).isEqualTo("FAILED");

			HttpResponse<String> markApplied = post(context, "repair", "{\"mode\":\"mark-applied\"}");
			assertThat(markApplied.statusCode()).isEqualTo(200);
			assertThat(json(markApplied)).containsEntry("mode", "mark-applied")
				.containsEntry("cleared", List.of("2 backfill_without_transaction"));
			assertThat(state(context, "2")).isEqualTo("APPLIED");
			assertThat(json(post(context, "rollback", "{\"steps\":1,\"mode\":\"resume\"}")))
				.containsEntry("error", "Invalid rollback request");
		}
	}

	@Test
	void openWriteAccessWithoutSpringSecurityLogsOneWarningNamingTheOperations(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("base",
				"management.endpoint.migrations.access=unrestricted")) {
			assertThat(output.getAll().split(OPEN_WARNING, -1)).as("one warning").hasSize(2);
			assertThat(output.getAll()).contains("WARN")
				.contains("POST /actuator/migrations/rollback and POST /actuator/migrations/repair")
				.contains("management.endpoint.migrations.access=read-only", "'anonymous'");
		}
	}

	@Test
	void theDefaultReadOnlyAccessLogsNoWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("base")) {
			assertThat(context.getBean(MigrationsEndpoint.class)).isNotNull();
			assertThat(output.getAll()).doesNotContain(OPEN_WARNING);
			assertThat(output.getAll().lines().filter((line) -> line.contains(" WARN ")))
				.noneSatisfy((line) -> assertThat(line).containsIgnoringCase("migrations"));
		}
	}

	@Test
	void writeAccessExposedOverJmxOnlyLogsNoWarning(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("base",
				"management.endpoint.migrations.access=unrestricted",
				"management.endpoints.web.exposure.include=health", "spring.jmx.enabled=true",
				"spring.jmx.unique-names=true", "management.endpoints.jmx.exposure.include=migrations")) {
			assertThat(context.getBean(MigrationsEndpoint.class)).isNotNull();
			assertThat(get(context, "/actuator/migrations").statusCode()).isEqualTo(404);
			assertThat(output.getAll()).doesNotContain(OPEN_WARNING);
		}
	}

	private String state(ConfigurableApplicationContext context, String version) throws Exception {
		return (String) json(get(context, "/actuator/migrations/" + version)).get("state");
	}

	private ConfigurableApplicationContext start(String set, String... properties) {
		return new SpringApplicationBuilder(WebApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "migrations.enabled=false",
					"management.endpoints.web.exposure.include=migrations,health", "test.migrations.set=" + set)
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String operation, String body) {
		try {
			return this.http.send(HttpRequest.newBuilder(uri(context, "/actuator/migrations/" + operation))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
		Migrator migrator(DataSource dataSource, ObjectProvider<MigrationListener> listeners, Environment environment) {
			return new Migrator(dataSource,
					TestMigrators.config(environment.getRequiredProperty("test.migrations.set"))
						.listeners(listeners.orderedStream().toList())
						.build());
		}

	}

}
