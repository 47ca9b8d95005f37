package io.github.migrations.cli.command;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.migrations.LockInfo;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationStatus;
import io.github.migrations.MigrationVersion;
import io.github.migrations.actuate.endpoint.MigrationsEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status --format json} keeps the shape of {@code GET /actuator/migrations}: the same
 * fields, compared with the endpoint's descriptor records, so that a field added there fails here.
 */
class StatusCommandTests {

	private static final OffsetDateTime AT = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

	private final MigrationStatus status = new MigrationStatus("PostgreSQL 17.2", "public",
			MigrationVersion.parse("20250101000000"),
			List.of(new MigrationInfo(MigrationVersion.parse("20250101000000"), "create_users", MigrationKind.SQL,
					MigrationState.APPLIED, "db/migration/20250101000000_create_users.sql", "abc", AT,
					Duration.ofMillis(12), 1, "app", true),
					new MigrationInfo(MigrationVersion.parse("20250102000000"), "add_email", MigrationKind.SQL,
							MigrationState.PENDING, "db/migration/20250102000000_add_email.sql", "def", null, null, 0,
							null, false)),
			new LockInfo(false, "host:1:app", AT, AT.plusSeconds(30), 3));

	@Test
	void theJsonHasTheFieldsOfTheEndpointsDescriptors() {
		Map<String, Object> json = StatusCommand.describe(this.status);
		assertThat(json.keySet()).containsExactlyElementsOf(names(MigrationsEndpoint.MigrationsDescriptor.class));
		assertThat(keys(json.get("lock")))
			.containsExactlyElementsOf(names(MigrationsEndpoint.LockDescriptor.class));
		assertThat(keys(json.get("lastRun")))
			.containsExactlyElementsOf(names(MigrationsEndpoint.LastRunDescriptor.class));
		assertThat(keys(((List<?>) json.get("migrations")).get(0)))
			.containsExactlyElementsOf(names(MigrationsEndpoint.MigrationDescriptor.class));
		assertThat(keys(json.get("page"))).containsExactlyElementsOf(names(MigrationsEndpoint.PageDescriptor.class));
	}

	@Test
	void theJsonHasTheEndpointsValues() {
		String json = Json.write(StatusCommand.describe(this.status));
		assertThat(json).contains("\"currentVersion\": \"20250101000000\"")
			.contains("\"APPLIED\": 1", "\"PENDING\": 1", "\"FAILED\": 0")
			.contains("\"pending\": 1")
			.contains("\"since\": \"2025-01-02T03:04:05Z\"")
			.contains("\"executionTimeMs\": 12")
			.contains("\"executedAt\": null")
			.contains("\"fence\": 3");
	}

	@Test
	void theTableHasOneLinePerMigrationAndTheCounts() {
		assertThat(StatusCommand.table(this.status)).isEqualTo("""
				PostgreSQL 17.2, schema public, current version 20250101000000
				Version         Name          Kind  State    Batch  Executed at           Reversible
				20250101000000  create_users  SQL   APPLIED  1      2025-01-02T03:04:05Z  yes
				20250102000000  add_email     SQL   PENDING                               no
				2 migrations, 1 pending, 1 APPLIED, 1 PENDING
				""");
	}

	@Test
	void jsonEscapesQuotesBackslashesAndControlCharacters() {
		assertThat(Json.write(Map.of("a", "x\"y\\z\n\u0001"))).isEqualTo("{\n  \"a\": \"x\\\"y\\\\z\\n\\u0001\"\n}\n");
	}

	private static List<String> keys(Object map) {
		return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
	}

	private static List<String> names(Class<? extends Record> type) {
		return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
	}

}
