package io.github.migrations.actuate.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.migrations.actuate.endpoint.JsonValues.json;
import static io.github.migrations.actuate.endpoint.JsonValues.list;
import static io.github.migrations.actuate.endpoint.JsonValues.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JSON of {@code GET /actuator/migrations} (and {@code /pending}, {@code /{version}}) over
 * HTTP for every state a migration can be in: applied, pending, failed, future, missing and
 * edited (checksum mismatch), and those of Flyway's baseline and repeatable files. One application
 * per test; the migration files and the history change between the reads, since a filesystem
 * location is read on every status call.
 */
class MigrationsEndpointStatesWebH2Tests {

	/** Every field of a migration, present even when its value is null. */
	private static final List<String> MIGRATION_FIELDS = List.of("version", "name", "kind", "state", "script",
			"checksum", "executedAt", "executionTimeMs", "batch", "installedBy", "reversible");

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path directory;

	@Test
	void everyStateIsReportedWithEveryField() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory);
		for (int i = 1; i <= 3; i++) {
			files.migration(i + "_table_" + i + ".sql", "CREATE TABLE table_" + i + " (id int);",
					"DROP TABLE table_" + i + ";");
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "migrations.enabled=false",
					"management.endpoints.web.exposure.include=migrations", "test.location=" + files.location())
			.run()) {
			Migrator migrator = context.getBean(Migrator.class);
			// a second runner on the same database that ignores validation, to produce the states
			Migrator careless = new Migrator(migrator.getDataSource(),
					migrator.getConfig().toBuilder().validateOnMigrate(false).build());
			Map<String, Object> empty = status(context);
			assertThat(states(empty)).containsExactly(Map.entry("1", "PENDING"), Map.entry("2", "PENDING"),
					Map.entry("3", "PENDING"));
			assertEveryField(empty);
			assertThat(entry(empty, "1")).containsEntry("executedAt", null)
				.containsEntry("executionTimeMs", null)
				.containsEntry("batch", 0)
				.containsEntry("installedBy", null);

			migrator.migrate();
			files.write("2_table_2.sql", "-- +migrate Up\nCREATE TABLE table_2 (id int, edited int);\n\n"
					+ "-- +migrate Down\nDROP TABLE table_2;\n");
			files.delete("3_table_3.sql");
			files.migration("4_table_4.sql", "CREATE TABLE table_4 (id int);", "DROP TABLE table_4;");
			files.write("5_half_done.sql", "-- +migrate Up notransaction\nCREATE TABLE table_5 (id int);\n"
					+ "INSERT INTO no_such_table VALUES (1);\n");
			assertThatExceptionOfType(MigrationException.class).isThrownBy(careless::migrate);
			files.migration("6_table_6.sql", "CREATE TABLE table_6 (id int);", "DROP TABLE table_6;");

			Map<String, Object> mixed = status(context);
			assertThat(states(mixed)).containsExactly(Map.entry("1", "APPLIED"), Map.entry("2", "CHECKSUM_MISMATCH"),
					Map.entry("3", "MISSING"), Map.entry("4", "APPLIED"), Map.entry("5", "FAILED"),
					Map.entry("6", "PENDING"));
			assertEveryField(mixed);
			assertThat(map(mixed.get("counts"))).containsEntry("APPLIED", 2)
				.containsEntry("CHECKSUM_MISMATCH", 1)
				.containsEntry("MISSING", 1)
				.containsEntry("FAILED", 1)
				.containsEntry("PENDING", 1)
				.containsEntry("FUTURE", 0);
			assertThat(mixed).containsEntry("currentVersion", "4").containsEntry("pending", 1);
			assertThat(entry(mixed, "3")).containsEntry("script", null).containsEntry("batch", 1);
			assertThat(Instant.parse((String) entry(mixed, "3").get("executedAt"))).isNotNull();
			assertThat(entry(mixed, "2").get("checksum")).isNotNull();
			assertThat(entry(mixed, "5")).containsEntry("batch", 2).containsEntry("reversible", false);
			assertThat(map(get(context, "/actuator/migrations/pending"))).containsEntry("count", 1)
				.satisfies((pending) -> assertThat(list(pending.get("migrations"))).singleElement()
					.satisfies((migration) -> assertThat(migration).containsEntry("version", "6")
						.containsOnlyKeys(MIGRATION_FIELDS)));
			for (Map.Entry<String, String> state : states(mixed).entrySet()) {
				assertThat(map(get(context, "/actuator/migrations/" + state.getKey()))).as(state.getKey())
					.containsEntry("state", state.getValue())
					.containsOnlyKeys(MIGRATION_FIELDS);
			}

			// Newer applied migrations without files, and no newer local file: a newer release ran them.
			careless.repair();
			for (String file : List.of("2_table_2.sql", "4_table_4.sql", "5_half_done.sql", "6_table_6.sql")) {
				files.delete(file);
			}
			Map<String, Object> future = status(context);
			assertThat(states(future)).containsExactly(Map.entry("1", "APPLIED"), Map.entry("2", "FUTURE"),
					Map.entry("3", "FUTURE"), Map.entry("4", "FUTURE"));
			assertEveryField(future);
			assertThat(map(future.get("counts"))).containsEntry("FUTURE", 3).containsEntry("APPLIED", 1);
			assertThat(entry(future, "4")).containsEntry("script", null).containsEntry("state", "FUTURE");
		}
	}

	@Test
	void repeatableAndBaselineMigrationsAreReportedWithTheirStates() throws Exception {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("V1__first.sql", "CREATE TABLE first_t (id int);", "DROP TABLE first_t;");
		files.migration("V2__second.sql", "CREATE TABLE second_t (id int);", "DROP TABLE second_t;");
		files.write("B2__baseline.sql", "-- +migrate Up\nCREATE TABLE first_t (id int);\nCREATE TABLE second_t (id int);\n");
		files.migration("V3__third.sql", "CREATE TABLE third_t (id int);", "DROP TABLE third_t;");
		files.write("R__answer.sql", "-- +migrate Up\nCREATE OR REPLACE VIEW answer AS SELECT 1 AS answer;\n");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "migrations.enabled=false",
					"management.endpoints.web.exposure.include=migrations", "test.location=" + files.location())
			.run()) {
			Migrator migrator = context.getBean(Migrator.class);
			Map<String, Object> fresh = status(context);
			assertThat(kindsAndStates(fresh)).containsExactly("1 SQL BASELINED", "2 SQL BASELINED",
					"2 BASELINE PENDING", "3 SQL PENDING", "null REPEATABLE PENDING");
			assertEveryField(fresh);
			assertThat(fresh).containsEntry("pending", 3).containsEntry("currentVersion", null);

			migrator.migrate();
			Map<String, Object> applied = status(context);
			assertThat(kindsAndStates(applied)).containsExactly("1 SQL BASELINED", "2 SQL BASELINED",
					"2 BASELINE BASELINE", "3 SQL APPLIED", "null REPEATABLE REPEATABLE");
			assertEveryField(applied);
			assertThat(applied).containsEntry("pending", 0).containsEntry("currentVersion", "3");
			assertThat(map(applied.get("counts"))).containsEntry("BASELINED", 2)
				.containsEntry("BASELINE", 1)
				.containsEntry("APPLIED", 1)
				.containsEntry("REPEATABLE", 1)
				.containsEntry("OUTDATED", 0);
			Map<String, Object> repeatable = list(applied.get("migrations")).get(4);
			assertThat(repeatable).containsEntry("version", null)
				.containsEntry("name", "answer")
				.containsEntry("reversible", false)
				.containsEntry("batch", 1);
			assertThat((String) repeatable.get("script")).endsWith("R__answer.sql");
			assertThat(Instant.parse((String) repeatable.get("executedAt"))).isNotNull();
			assertThat(map(applied.get("lastRun"))).containsEntry("applied", 3);
			assertThat(map(get(context, "/actuator/migrations/answer"))).containsEntry("state", "REPEATABLE")
				.containsOnlyKeys(MIGRATION_FIELDS);

			files.write("R__answer.sql", "-- +migrate Up\nCREATE OR REPLACE VIEW answer AS SELECT 2 AS answer;\n");
			Map<String, Object> outdated = status(context);
			assertThat(kindsAndStates(outdated)).endsWith("null REPEATABLE OUTDATED");
			assertThat(outdated).containsEntry("pending", 1);
			assertThat(map(get(context, "/actuator/migrations/pending"))).containsEntry("count", 1)
				.satisfies((pending) -> assertThat(list(pending.get("migrations"))).singleElement()
					.satisfies((migration) -> assertThat(migration).containsEntry("name", "answer")
						.containsEntry("state", "OUTDATED")
						.containsEntry("version", null)));
		}
	}

	private static List<String> kindsAndStates(Map<String, Object> status) {
		return list(status.get("migrations")).stream()
			.map((migration) -> migration.get("version") + " " + migration.get("kind") + " " + migration.get("state"))
			.toList();
	}

	private void assertEveryField(Map<String, Object> status) {
		assertThat(status).containsOnlyKeys("database", "schema", "currentVersion", "counts", "pending", "lock",
				"lastRun", "preflight", "migrations", "page", "instances");
		assertThat(map(status.get("lock"))).containsKeys("held", "holder", "since", "fence");
		assertThat(map(status.get("page"))).containsOnlyKeys("states", "matching", "limit", "after", "next");
		assertThat(map(status.get("instances"))).isEmpty();
		assertThat(list(status.get("migrations"))).allSatisfy(
				(migration) -> assertThat(migration).containsOnlyKeys(MIGRATION_FIELDS));
	}

	private static Map<String, String> states(Map<String, Object> status) {
		Map<String, String> states = new LinkedHashMap<>();
		list(status.get("migrations"))
			.forEach((migration) -> states.put((String) migration.get("version"), (String) migration.get("state")));
		return states;
	}

	private static Map<String, Object> entry(Map<String, Object> status, String version) {
		return list(status.get("migrations")).stream()
			.filter((migration) -> version.equals(migration.get("version")))
			.findFirst()
			.orElseThrow();
	}

	private Map<String, Object> status(ConfigurableApplicationContext context) throws Exception {
		return map(get(context, "/actuator/migrations"));
	}

	private Map<String, Object> get(ConfigurableApplicationContext context, String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
				+ context.getEnvironment().getProperty("local.server.port") + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return json(response);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		@Bean
		DataSource dataSource() {
			return H2Database.dataSource();
		}

		@Bean
		Migrator migrator(DataSource dataSource, @Value("${test.location}") String location) {
			return new Migrator(dataSource, MigratorConfig.builder()
				.locations(location)
				.lockLease(java.time.Duration.ofSeconds(2))
				.build());
		}

	}

}
