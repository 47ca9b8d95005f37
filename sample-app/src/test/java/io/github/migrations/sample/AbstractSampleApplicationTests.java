package io.github.migrations.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample application end to end: it starts on a fresh database, the starter migrates it, and
 * the HTTP API works over the migrated schema. Subclasses choose the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.address-migration.batch-size=2", "migrations.lock.lease=2s" })
@SuppressWarnings("unchecked")
abstract class AbstractSampleApplicationTests {

	private static final List<String> VERSIONS = List.of("20240110090000", "20240110090500", "20240115120000",
			"20240120090000", "20240120090100", "20240125090000", "20240125090500", "20240125091000");

	private static List<String> reversed(List<String> list) {
		List<String> copy = new ArrayList<>(list);
		Collections.reverse(copy);
		return copy;
	}

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private Migrator migrator;

	private RestClient http;

	/**
	 * The SQL for the connection's current schema (a database on MariaDB and MySQL).
	 */
	String currentSchema() {
		return "CURRENT_SCHEMA";
	}

	@BeforeEach
	void createClient() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void historyRecordsEveryMigrationInOneBatch() {
		List<Map<String, Object>> rows = this.jdbc
			.queryForList("SELECT version, name, success, batch_number, checksum FROM schema_migrations ORDER BY id");
		assertThat(rows).extracting((row) -> String.valueOf(row.get("version"))).containsExactlyElementsOf(VERSIONS);
		assertThat(rows).extracting((row) -> row.get("success")).containsOnly(true);
		// one run, one batch (1, or 2 when the rollback test rebuilt the schema before this test)
		assertThat(rows).extracting((row) -> ((Number) row.get("batch_number")).intValue()).containsOnly(
				((Number) rows.get(0).get("batch_number")).intValue());
		assertThat(rows).filteredOn((row) -> "MoveAddressesToTheirOwnTable".equals(row.get("name"))).hasSize(1);
		assertThat(this.migrator.status().pending()).isEmpty();
		assertThat(this.migrator.status().counts()).containsEntry(MigrationState.APPLIED, (long) VERSIONS.size());
	}

	@Test
	void javaMigrationMovedEveryAddressAndTheOldColumnsAreGone() {
		// the six demo users, five of them with an address (other tests add users of their own)
		assertThat(this.jdbc.queryForList("SELECT u.email FROM user_addresses a JOIN users u ON u.id = a.user_id "
				+ "WHERE u.email LIKE '%@example.com' AND a.is_default AND a.type = 'shipping' ORDER BY u.email",
				String.class))
			.containsExactly("ada@example.com", "alan@example.com", "barbara@example.com", "edsger@example.com",
					"grace@example.com");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM information_schema.columns WHERE lower(table_name) = 'users' "
						+ "AND lower(column_name) IN ('address', 'city', 'postal_code', 'country') "
						+ "AND table_schema = " + currentSchema(),
				Integer.class))
			.isZero();
		long ada = this.jdbc.queryForObject("SELECT id FROM users WHERE email = 'ada@example.com'", Long.class);
		List<Map<String, Object>> addresses = this.http.get()
			.uri("/users/{id}/addresses", ada)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(addresses).singleElement().satisfies((address) -> {
			assertThat(address).containsEntry("type", "shipping")
				.containsEntry("city", "London")
				.containsEntry("country", "GB")
				.containsEntry("isDefault", true);
		});
	}

	@Test
	void servesUsersPreferencesAddressesAndEmailVerification() {
		ResponseEntity<Map<String, Object>> created = this.http.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "margaret@example.com", "displayName", "Margaret Hamilton"))
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		long id = ((Number) created.getBody().get("id")).longValue();

		this.http.put()
			.uri("/users/{id}/preferences/{category}/{key}", id, "notifications", "email")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"enabled\":true,\"digest\":\"weekly\"}")
			.retrieve()
			.toBodilessEntity();
		this.http.put()
			.uri("/users/{id}/preferences/{category}/{key}", id, "notifications", "email")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"enabled\":false}")
			.retrieve()
			.toBodilessEntity();
		List<Map<String, Object>> preferences = this.http.get()
			.uri("/users/{id}/preferences", id)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(preferences).singleElement().satisfies((preference) -> {
			assertThat(preference).containsEntry("category", "notifications").containsEntry("key", "email");
			assertThat(preference).containsEntry("value", Map.of("enabled", false));
		});

		this.http.post()
			.uri("/users/{id}/addresses", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("type", "billing", "line1", "1 Apollo Way", "city", "Houston", "country", "US", "isDefault",
					true))
			.retrieve()
			.toBodilessEntity();

		Map<String, Object> token = this.http.post()
			.uri("/users/{id}/email-verification", id)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		ResponseEntity<Void> verified = this.http.post()
			.uri("/users/email-verification/{token}", token.get("token"))
			.retrieve()
			.toBodilessEntity();
		assertThat(verified.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class).isThrownBy(() -> this.http.post()
			.uri("/users/email-verification/{token}", token.get("token"))
			.retrieve()
			.toBodilessEntity());

		Map<String, Object> user = this.http.get()
			.uri("/users/{id}", id)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(user).containsEntry("email", "margaret@example.com");
		assertThat(user.get("emailVerifiedAt")).isNotNull();
		assertThat((List<?>) user.get("addresses")).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT email_verification_attempts FROM users WHERE id = ?",
				Integer.class, id))
			.isEqualTo(1);
	}

	@Test
	void everyDownSectionRevertsItsUpAndTheSchemaCanBeRebuilt() {
		try {
			RollbackResult result = this.migrator.rollback(RollbackRequest.steps(VERSIONS.size(), "test").confirmed());
			assertThat(result.steps()).extracting((step) -> step.version().toString())
				.containsExactlyElementsOf(reversed(VERSIONS));
			assertThat(this.jdbc.queryForList("SELECT table_name FROM information_schema.tables "
					+ "WHERE table_schema = " + currentSchema() + " "
					+ "AND lower(table_name) IN ('users', 'user_preferences', 'user_addresses')", String.class))
				.isEmpty();
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schema_migrations", Integer.class)).isZero();
		}
		finally {
			// the other tests share this application and its database
			this.migrator.migrate();
		}
		assertThat(this.migrator.status().pending()).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM user_addresses", Integer.class)).isEqualTo(5);
	}

	@Test
	void rejectsAnAddressTheSchemaWouldRefuse() {
		long ken = this.jdbc.queryForObject("SELECT id FROM users WHERE email = 'ken@example.com'", Long.class);
		assertThatExceptionOfType(HttpClientErrorException.BadRequest.class).isThrownBy(() -> this.http.post()
			.uri("/users/{id}/addresses", ken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("type", "holiday", "line1", "x", "city", "y", "country", "US", "isDefault", false))
			.retrieve()
			.toBodilessEntity());
	}

	@Test
	void healthShowsTheMigrationsUp() {
		Map<String, Object> health = this.http.get()
			.uri("/actuator/health")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(health).containsEntry("status", "UP");
		assertThat(health).extractingByKey("components")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.extractingByKey("migrations")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("status", "UP");
	}

	@Test
	void migrationsEndpointReportsTheCurrentVersion() {
		Map<String, Object> migrations = this.http.get()
			.uri("/actuator/migrations")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(migrations).containsEntry("currentVersion", VERSIONS.get(VERSIONS.size() - 1));
		assertThat((List<?>) migrations.get("migrations")).hasSize(VERSIONS.size());
	}

	@Test
	void rollbackThroughTheEndpointNeedsTheAdminRole() {
		Map<String, Object> request = Map.of("steps", 1, "dryRun", true);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(() -> this.http.post()
			.uri("/actuator/migrations/rollback")
			.contentType(MediaType.APPLICATION_JSON)
			.body(request)
			.retrieve()
			.toBodilessEntity());
		Map<String, Object> plan = this.http.post()
			.uri("/actuator/migrations/rollback")
			.headers((headers) -> headers.setBasicAuth("admin", "admin"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(request)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(plan).containsEntry("dryRun", true).containsEntry("actor", "admin");
		assertThat((List<Map<String, Object>>) plan.get("steps")).singleElement()
			.satisfies((step) -> assertThat(step).containsEntry("version", "20240125091000"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schema_migrations", Integer.class))
			.isEqualTo(VERSIONS.size());
	}

}
