package io.github.migrations.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.migrations.LintMode;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.preflight.PreflightConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsProperties}: its defaults are the engine's, and the configuration
 * metadata an IDE shows says the same.
 */
class MigrationsPropertiesTests {

	@Test
	void defaultValuesAreConsistent() {
		MigrationsProperties properties = new MigrationsProperties();
		MigratorConfig defaults = MigratorConfig.builder().build();
		assertThat(properties.getLocations()).isEqualTo(defaults.getLocations());
		assertThat(properties.getTable()).isEqualTo(defaults.getTable());
		assertThat(properties.getLockTable()).isEqualTo(defaults.getLockTable());
		assertThat(properties.getSchema()).isEqualTo(defaults.getSchema());
		assertThat(properties.isValidateOnMigrate()).isEqualTo(defaults.isValidateOnMigrate());
		assertThat(properties.isOutOfOrder()).isEqualTo(defaults.isOutOfOrder());
		assertThat(properties.isIgnoreMissing()).isEqualTo(defaults.isIgnoreMissing());
		assertThat(properties.isCleanupInvalidIndexes()).isEqualTo(defaults.isCleanupInvalidIndexes());
		assertThat(properties.isGroup()).isEqualTo(defaults.isGroup());
		assertThat(defaults.getTarget()).isNull();
		assertThat(properties.getTarget()).isNull();
		assertThat(properties.getInstalledBy()).isEqualTo(defaults.getInstalledBy());
		assertThat(properties.getApplicationName()).isEqualTo(defaults.getApplicationName());
		assertThat(properties.getEncoding()).isEqualTo(defaults.getEncoding());
		assertThat(properties.getLockTimeout()).isEqualTo(defaults.getLockTimeout());
		assertThat(properties.getStatementTimeout()).isEqualTo(defaults.getStatementTimeout());
		assertThat(properties.getLockRetries()).isEqualTo(defaults.getLockRetries());
		assertThat(properties.getLint().getMode()).isEqualTo(defaults.getLint());
		assertThat(properties.getLint().getRules()).isEqualTo(defaults.getLintRules());
		assertThat(properties.getLint().getStartAfter()).isNull();
		assertThat(defaults.getLintStartAfter()).isNull();
		assertThat(properties.getConnectRetries()).isEqualTo(defaults.getConnectRetries());
		assertThat(properties.getConnectRetriesInterval()).isEqualTo(defaults.getConnectRetriesInterval());
		assertThat(properties.isFailOnMissingLocations()).isEqualTo(defaults.isFailOnMissingLocations());
		assertThat(properties.getSlowThreshold()).isEqualTo(defaults.getSlowThreshold());
		assertThat(properties.getCommitTimeout()).isEqualTo(defaults.getCommitTimeout());
		assertThat(properties.getBackfill().getMaxReplicationLag()).isEqualTo(defaults.getBackfillMaxReplicationLag());
		assertThat(properties.isBaselineOnMigrate()).isEqualTo(defaults.isBaselineOnMigrate());
		assertThat(MigrationVersion.parse(properties.getBaselineVersion())).isEqualTo(defaults.getBaselineVersion());
		assertThat(properties.getImportHistory()).isEqualTo(defaults.getImportHistory());
		assertThat(properties.getImportFlywayTable()).isEqualTo(defaults.getImportFlywayTable());
		assertThat(properties.getPlaceholders()).isEqualTo(defaults.getPlaceholders()).isEmpty();
		assertThat(properties.getPlaceholderPrefix()).isEqualTo(defaults.getPlaceholderPrefix());
		assertThat(properties.getPlaceholderSuffix()).isEqualTo(defaults.getPlaceholderSuffix());
		assertThat(properties.isPlaceholderReplacement()).isEqualTo(defaults.isPlaceholderReplacement());
		assertThat(properties.getLock().getLease()).isEqualTo(defaults.getLockLease());
		assertThat(properties.getLock().getWaitTimeout()).isEqualTo(defaults.getLockWaitTimeout());
		assertThat(properties.getLock().getHeartbeat()).isNull();
		assertThat(properties.getLock().getLiveness()).isEqualTo(defaults.getLockLiveness());
		assertThat(properties.getMode()).isEqualTo(MigrationsMode.MIGRATE);
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getTenants().getParallelism()).isEqualTo(MigratorConfig.DEFAULT_TENANT_PARALLELISM);
		assertThat(properties.getTenants().isFailFast()).isEqualTo(MigratorConfig.DEFAULT_TENANT_FAIL_FAST);
		assertThat(properties.getTenants().getSchemas()).isEmpty();
		assertThat(properties.getTenants().getQuery()).isNull();
		assertThat(properties.getTenants().getLocations()).isEmpty();
		PreflightConfig preflight = defaults.getPreflight();
		assertThat(properties.getPreflight().isEnabled()).isEqualTo(preflight.isEnabled());
		assertThat(properties.getPreflight().getIdleInTransactionThreshold())
			.isEqualTo(preflight.getIdleInTransactionThreshold());
		assertThat(properties.getPreflight().getLongRunningThreshold()).isEqualTo(preflight.getLongRunningThreshold());
		assertThat(properties.getPreflight().getTableSizeThreshold()).isEqualTo(preflight.getTableSizeThreshold());
		assertThat(properties.getPreflight().getActiveConnectionsThreshold())
			.isEqualTo(preflight.getActiveConnectionsThreshold());
		assertThat(properties.getPreflight().getMaintenanceWindow()).isNull();
		assertThat(preflight.getMaintenanceWindow()).isNull();
		assertThat(properties.getPreflight().getOutsideWindow()).isEqualTo(preflight.getOutsideWindow());
		assertThat(properties.getPreflight().getTimeout()).isEqualTo(preflight.getTimeout());
		assertThat(properties.getPreflight().getReplicationLagWarning()).isEqualTo(preflight.getReplicationLagWarning());
		assertThat(properties.getPreflight().getReplicationLagBlocking())
			.isEqualTo(preflight.getReplicationLagBlocking());
		assertThat(properties.getPreflight().getReplicationBytesWarning())
			.isEqualTo(preflight.getReplicationBytesWarning());
		assertThat(properties.getPreflight().getReplicationBytesBlocking())
			.isEqualTo(preflight.getReplicationBytesBlocking());
		assertThat(properties.getPreflight().getSkipChecks()).isEqualTo(preflight.getSkipChecks());
	}

	@Test
	void defaultPropertiesMapToTheDefaultConfig() {
		MigratorConfig.Builder builder = MigratorConfig.builder();
		MigrationsAutoConfiguration.configure(builder, new MigrationsProperties());
		assertThat(builder.build()).usingRecursiveComparison()
			.ignoringFields("resourceLoader")
			.isEqualTo(MigratorConfig.builder().build());
	}

	@Test
	void metadataDefaultsMatchTheProperties() throws IOException {
		List<Map<String, Object>> metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = JsonPath.read(in, "$.properties[?(@.defaultValue)]");
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (Map<String, Object> property : metadata) {
			Object value = property.get("defaultValue");
			defaults.put((String) property.get("name"),
					(value instanceof List<?> list) ? String.join(",", list.stream().map(String::valueOf).toList())
							: String.valueOf(value));
		}
		assertThat(defaults).containsKeys("migrations.table", "migrations.lock-table", "migrations.locations",
				"migrations.lock.lease", "migrations.lock.wait-timeout", "migrations.validate-on-migrate",
				"migrations.application-name", "migrations.lint.mode", "migrations.connect-retries",
				"migrations.connect-retries-interval", "migrations.fail-on-missing-locations",
				"migrations.tenants.parallelism", "migrations.tenants.fail-fast", "migrations.lock-timeout",
				"migrations.lock-retries", "migrations.slow-threshold", "migrations.cleanup-invalid-indexes",
				"migrations.group");
		MigrationsProperties bound = new Binder(new MapConfigurationPropertySource(defaults))
			.bind("migrations", Bindable.of(MigrationsProperties.class))
			.get();
		assertThat(bound).usingRecursiveComparison().isEqualTo(new MigrationsProperties());
	}

	@Test
	void zeroTurnsTheCommitTimeoutAndTheReplicationThrottleOff() {
		MigrationsProperties bound = new Binder(new MapConfigurationPropertySource(
				Map.of("migrations.commit-timeout", "0", "migrations.backfill.max-replication-lag", "0s",
						"migrations.preflight.replication-bytes-warning", "64MB")))
			.bind("migrations", Bindable.of(MigrationsProperties.class))
			.get();
		MigratorConfig.Builder builder = MigratorConfig.builder();
		MigrationsAutoConfiguration.configure(builder, bound);
		MigratorConfig config = builder.build();
		assertThat(config.getCommitTimeout()).isNull();
		assertThat(config.getBackfillMaxReplicationLag()).isNull();
		assertThat(config.getPreflight().getReplicationBytesWarning()).isEqualTo(DataSize.ofMegabytes(64));
	}

	@Test
	void anInstanceThatSetsNothingHasTheDefaultInstancesValuesWithoutItsConnection() {
		MockEnvironment environment = new MockEnvironment().withProperty("migrations.url", "jdbc:h2:mem:app")
			.withProperty("migrations.user", "app")
			.withProperty("migrations.password", "secret")
			.withProperty("migrations.driver-class-name", "org.h2.Driver")
			.withProperty("migrations.table", "app_history")
			.withProperty("migrations.lint.mode", "fail")
			.withProperty("migrations.preflight.skip-checks", "table-size")
			.withProperty("migrations.instances.orders.enabled", "true");
		MigrationsInstances instances = new MigrationsInstances(environment, new DefaultListableBeanFactory(),
				new DefaultResourceLoader());
		MigrationsProperties expected = Binder.get(environment)
			.bind("migrations", Bindable.of(MigrationsProperties.class))
			.get();
		expected.setUrl(null);
		expected.setUser(null);
		expected.setPassword(null);
		expected.setDriverClassName(null);
		assertThat(instances.names()).containsExactly("orders");
		assertThat(instances.properties("orders")).usingRecursiveComparison().isEqualTo(expected);
		// and with nothing set at all, an instance has the engine's defaults
		MigrationsInstances bare = new MigrationsInstances(
				new MockEnvironment().withProperty("migrations.instances.orders.enabled", "true"),
				new DefaultListableBeanFactory(), new DefaultResourceLoader());
		assertThat(bare.properties("orders")).usingRecursiveComparison().isEqualTo(new MigrationsProperties());
	}

	@Test
	void theInstancesAreDescribedInTheMetadata() throws IOException {
		List<Map<String, Object>> instances;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			instances = JsonPath.read(in, "$.properties[?(@.name == 'migrations.instances')]");
		}
		assertThat(instances).singleElement().satisfies((property) -> {
			assertThat((String) property.get("type")).contains("MigrationsProperties");
			assertThat((String) property.get("description")).contains("never inherited", "@MigrationsDataSource");
		});
	}

	@Test
	void theShortLintFormStillSetsTheMode() {
		MigrationsProperties bound = new Binder(new MapConfigurationPropertySource(Map.of("migrations.lint", "fail")))
			.bind("migrations", Bindable.of(MigrationsProperties.class))
			.get();
		assertThat(bound.getLint().getMode()).isEqualTo(LintMode.FAIL);
	}

	@Test
	void theLintGroupBindsModeRulesAndStartAfter() {
		MigrationsProperties bound = new Binder(new MapConfigurationPropertySource(Map.of("migrations.lint.mode", "off",
				"migrations.lint.rules", "prefer-text,rename", "migrations.lint.start-after", "20240101000000")))
			.bind("migrations", Bindable.of(MigrationsProperties.class))
			.get();
		MigratorConfig.Builder builder = MigratorConfig.builder();
		MigrationsAutoConfiguration.configure(builder, bound);
		MigratorConfig config = builder.build();
		assertThat(config.getLint()).isEqualTo(LintMode.OFF);
		assertThat(config.getLintRules()).containsExactly("prefer-text", "rename");
		assertThat(config.getLintStartAfter()).hasToString("20240101000000");
	}

	@Test
	void theLintRuleHintsAreTheLintersRulesWithTheirStartupDefault() throws IOException {
		List<Map<String, Object>> hints;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			hints = JsonPath.read(in, "$.hints[?(@.name == 'migrations.lint.rules')].values[*]");
		}
		// PostgreSQL's rules, then those only MariaDB and MySQL have
		assertThat(hints).extracting((hint) -> (String) hint.get("value"))
			.containsExactlyElementsOf(MigrationLinter.allRuleIds());
		List<String> postgres = MigrationLinter.postgres().ruleIds();
		List<String> atStartup = new ArrayList<>(MigrationLinter.postgres().withoutAdvice().ruleIds());
		atStartup.addAll(MigrationLinter.mariadb().withoutAdvice().ruleIds());
		assertThat(hints).allSatisfy((hint) -> {
			String id = (String) hint.get("value");
			String harm = atStartup.contains(id) ? "Predicts harm" : "A style rule";
			assertThat((String) hint.get("description")).as("%s", id)
				.startsWith(postgres.contains(id) ? harm : "MariaDB and MySQL. " + harm);
		});
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		List<Map<String, Object>> metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = JsonPath.read(in, "$.properties");
		}
		assertThat(metadata).hasSizeGreaterThanOrEqualTo(24)
			.allSatisfy((property) -> assertThat((String) property.get("description")).as("%s", property.get("name"))
				.isNotBlank()
				.endsWith("."));
	}

}
