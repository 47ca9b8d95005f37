package io.github.migrations.sample;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's Actuator as an operator meets it: the Prometheus scrape shows the startup run's
 * migrations, the rollback and repair operations need the {@code ADMIN} role (an authenticated
 * user without it is refused, as is an anonymous one), and a start with those operations open but
 * secured logs no warning about them. On an in-memory H2.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sample-actuator;DB_CLOSE_DELAY=-1",
				"sample.address-migration.batch-size=2", "migrations.lock.lease=2s" })
class SampleApplicationActuatorH2Tests {

	// every series of the timer, whatever other tags (application, ...) it carries
	private static final Pattern EXECUTION_COUNT = Pattern
		.compile("(?m)^migrations_execution_seconds_count\\{([^}]*)\\} (\\S+)$");

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private RestClient http;

	@BeforeEach
	void createClient() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void prometheusScrapeCountsTheMigrationsAppliedAtStartup() {
		int applied = this.jdbc.queryForObject("SELECT count(*) FROM schema_migrations WHERE success", Integer.class);
		String scrape = this.http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(scrape).contains("# TYPE migrations_execution_seconds summary", "migrations_pending ",
				"migrations_applied ", "migrations_lock_wait_seconds_count{");
		Matcher series = EXECUTION_COUNT.matcher(scrape);
		assertThat(series.find()).as(scrape).isTrue();
		System.out.println("Prometheus scrape excerpt: " + series.group());
		assertThat(series.group(1)).contains("direction=\"up\"", "outcome=\"success\"").doesNotContain("version=");
		assertThat(Double.parseDouble(series.group(2))).isEqualTo(applied).isEqualTo(8);
		assertThat(series.find()).as("one series only: no failure, no down, no per-version tag").isFalse();
		assertThat(scrape).containsPattern("(?m)^migrations_applied(\\{[^}]*\\})? 8\\.0$")
			.containsPattern("(?m)^migrations_pending(\\{[^}]*\\})? 0\\.0$");
	}

	@Test
	void rollbackNeedsTheAdminRoleAnAuthenticatedUserWithoutItIsForbidden() {
		Map<String, Object> dryRun = Map.of("steps", 1, "dryRun", true);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> rollback(dryRun, null, null));
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> rollback(dryRun, "admin", "wrong"));
		assertThatExceptionOfType(HttpClientErrorException.Forbidden.class)
			.isThrownBy(() -> rollback(dryRun, "viewer", "viewer"));
		assertThatExceptionOfType(HttpClientErrorException.Forbidden.class)
			.isThrownBy(() -> rollback(Map.of("lastBatch", true), "viewer", "viewer"));
		// reading stays open to both
		assertThat(this.http.get()
			.uri("/actuator/migrations")
			.headers((headers) -> headers.setBasicAuth("viewer", "viewer"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(rollback(dryRun, "admin", "admin")).containsEntry("dryRun", true).containsEntry("actor", "admin");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schema_migrations", Integer.class)).isEqualTo(8);
	}

	@Test
	void repairNeedsTheAdminRoleAndItsDryRunNamesWhatItWouldClear() {
		Map<String, Object> dryRun = Map.of("dryRun", true);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> post("repair", dryRun, null, null));
		assertThatExceptionOfType(HttpClientErrorException.Forbidden.class)
			.isThrownBy(() -> post("repair", Map.of(), "viewer", "viewer"));
		assertThat(post("repair", dryRun, "admin", "admin")).containsEntry("dryRun", true)
			.containsEntry("actor", "admin")
			.containsEntry("cleared", List.of());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schema_migrations_audit WHERE actor = 'admin' "
				+ "AND operation = 'repair' AND outcome = 'DRY_RUN'", Integer.class)).isEqualTo(1);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aStartWithWriteAccessOpenButSecuredLogsNoWarningAboutIt(CapturedOutput output) {
		// arguments, not default properties: those would lose to the sample's application.properties
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--spring.jmx.enabled=false",
				"--spring.datasource.url=jdbc:h2:mem:sample-secured-start;DB_CLOSE_DELAY=-1")) {
			assertThat(context.getEnvironment().getProperty("management.endpoint.migrations.access"))
				.isEqualTo("unrestricted");
			assertThat(output.getAll()).contains("Applied 8 migrations")
				.doesNotContain("write operations of the migrations endpoint are open");
		}
	}

	private Map<String, Object> rollback(Map<String, Object> body, String user, String password) {
		return post("rollback", body, user, password);
	}

	private Map<String, Object> post(String operation, Map<String, Object> body, String user, String password) {
		return this.http.post()
			.uri("/actuator/migrations/" + operation)
			.headers((headers) -> {
				if (user != null) {
					headers.setBasicAuth(user, password);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(new org.springframework.core.ParameterizedTypeReference<>() {
			});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Users {

		// in place of the sample's single spring.security.user: an admin and a user without the role
		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					List.of(User.withUsername("admin").password("{noop}admin").roles("ADMIN").build(),
							User.withUsername("viewer").password("{noop}viewer").roles("USER").build()));
		}

	}

}
