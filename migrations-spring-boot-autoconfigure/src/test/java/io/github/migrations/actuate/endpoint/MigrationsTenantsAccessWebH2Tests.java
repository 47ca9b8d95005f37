package io.github.migrations.actuate.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.actuate.endpoint.JsonValues.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's rollback over HTTP follows the endpoint's access rules: with the default
 * (read-only) access the tenants are readable and their write operations do not exist.
 */
class MigrationsTenantsAccessWebH2Tests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void withReadOnlyAccessATenantCanBeReadButNotRolledBack() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "migrations.locations=classpath:migrations/base",
					"migrations.tenants.schemas=ACCESS_ONE", "management.endpoints.web.exposure.include=migrations")
			.run()) {
			HttpResponse<String> read = send(context, HttpRequest.newBuilder(uri(context, "/actuator/migrations/tenants"))
				.GET());
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(json(read)).containsEntry("total", 1);

			HttpResponse<String> rollback = send(context,
					HttpRequest.newBuilder(uri(context, "/actuator/migrations/tenants/ACCESS_ONE/rollback"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"steps\":1}")));
			assertThat(rollback.statusCode()).isIn(404, 405);
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForObject("SELECT count(*) FROM ACCESS_ONE.schema_migrations", Integer.class)).isEqualTo(3);
		}
	}

	private HttpResponse<String> send(ConfigurableApplicationContext context, HttpRequest.Builder request)
			throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
