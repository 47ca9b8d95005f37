package io.github.migrations.sample;

import java.util.List;
import java.util.Map;

import io.github.migrations.MigrationState;
import io.github.migrations.Migrator;
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
abstract class AbstractSampleApplicationTests {

	private static final List<String> VERSIONS = List.of("20240110090000", "20240110090500", "20240115120000",
			"20240120090000", "20240120090100", "20240125090000", "20240125090500", "20240125091000");

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private Migrator migrator;

	private RestClient http;

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
		assertThat(rows).extracting((row) -> ((Number) row.get("batch_number")).intValue()).containsOnly(1);
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
						+ "AND lower(column_name) IN ('address', 'city', 'postal_code', 'country')",
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
			assertThat(((String) preference.get("value")).replace(" ", "")).isEqualTo("{\"enabled\":false}");
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
	void healthEndpointIsUp() {
		Map<String, Object> health = this.http.get()
			.uri("/actuator/health")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(health).containsEntry("status", "UP");
	}

}
