package io.github.migrations;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MigratorConfigTests {

	@Test
	void defaultsAreTheDocumentedConstants() {
		MigratorConfig config = MigratorConfig.builder().build();
		assertThat(config.getLocations()).isEqualTo(MigratorConfig.DEFAULT_LOCATIONS);
		assertThat(config.getTable()).isEqualTo(MigratorConfig.DEFAULT_TABLE);
		assertThat(config.getLockTable()).isEqualTo(MigratorConfig.DEFAULT_LOCK_TABLE);
		assertThat(config.getLockLease()).isEqualTo(MigratorConfig.DEFAULT_LOCK_LEASE);
		assertThat(config.getLockHeartbeat()).isEqualTo(MigratorConfig.DEFAULT_LOCK_LEASE.dividedBy(3));
		assertThat(config.getLockWaitTimeout()).isEqualTo(MigratorConfig.DEFAULT_LOCK_WAIT_TIMEOUT);
		assertThat(config.getLockLiveness()).isEqualTo(LockLiveness.AUTO);
		assertThat(config.isValidateOnMigrate()).isEqualTo(MigratorConfig.DEFAULT_VALIDATE_ON_MIGRATE);
		assertThat(config.isOutOfOrder()).isEqualTo(MigratorConfig.DEFAULT_OUT_OF_ORDER);
		assertThat(config.isIgnoreMissing()).isEqualTo(MigratorConfig.DEFAULT_IGNORE_MISSING);
		assertThat(config.getSchema()).isNull();
		assertThat(config.getTarget()).isNull();
		assertThat(config.isBaselineOnMigrate()).isEqualTo(MigratorConfig.DEFAULT_BASELINE_ON_MIGRATE).isFalse();
		assertThat(config.getBaselineVersion()).isEqualTo(MigratorConfig.DEFAULT_BASELINE_VERSION)
			.hasToString("1");
		assertThat(config.getImportHistory()).isEqualTo(MigratorConfig.DEFAULT_IMPORT_HISTORY)
			.isEqualTo(HistoryImport.AUTO);
		assertThat(config.getImportFlywayTable()).isEqualTo(MigratorConfig.DEFAULT_IMPORT_FLYWAY_TABLE)
			.isEqualTo("flyway_schema_history");
	}

	@Test
	void toBuilderKeepsEverySetting() {
		MigratorConfig config = MigratorConfig.builder()
			.locations("filesystem:/x")
			.table("history")
			.lockTable("history_lock")
			.schema("app")
			.lockLease(Duration.ofSeconds(9))
			.lockHeartbeat(Duration.ofSeconds(2))
			.lockWaitTimeout(Duration.ofSeconds(5))
			.lockTimeout(Duration.ofSeconds(3))
			.statementTimeout(Duration.ofMinutes(1))
			.lockRetries(4)
			.outOfOrder(true)
			.ignoreMissing(true)
			.validateOnMigrate(false)
			.target(MigrationVersion.parse("7"))
			.installedBy("deployer")
			.applicationName("svc")
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("3"))
			.importHistory(HistoryImport.GOOSE)
			.importFlywayTable("fw_history")
			.build();
		assertThat(config.toBuilder().build()).usingRecursiveComparison().isEqualTo(config);
	}

	@Test
	void rejectsTableNamesThatAreNotPlainIdentifiers() {
		assertThatIllegalArgumentException().isThrownBy(() -> MigratorConfig.builder().table("drop table x;").build())
			.withMessageContaining("table 'drop table x;' is not a plain SQL identifier");
	}

	@Test
	void rejectsAHeartbeatThatCannotKeepTheLease() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigratorConfig.builder()
				.lockLease(Duration.ofSeconds(10))
				.lockHeartbeat(Duration.ofSeconds(6))
				.build())
			.withMessageContaining("at most half the lease");
	}

	@Test
	void rejectsNonPositiveDurationsAndNegativeRetries() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigratorConfig.builder().lockWaitTimeout(Duration.ZERO).build())
			.withMessageContaining("lock wait timeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> MigratorConfig.builder().lockRetries(-1).build())
			.withMessageContaining("lock retries must not be negative");
	}

	@Test
	void rejectsEmptyLocationsAndEqualTableNames() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigratorConfig.builder().locations(java.util.List.of()).build())
			.withMessageContaining("locations must not be empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigratorConfig.builder().table("t").lockTable("T").build())
			.withMessageContaining("must differ");
	}

	@Test
	void rejectsAFlywayTableNameThatIsNoIdentifierOrIsOurHistorysName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigratorConfig.builder().importFlywayTable("x; drop table y").build())
			.withMessageContaining("import-flyway-table 'x; drop table y' is not a plain SQL identifier");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigratorConfig.builder().table("history").importFlywayTable("HISTORY").build())
			.withMessageContaining("the import never writes into the foreign table");
	}

	@Test
	void historyImportsAreNamedAsTheirToolsAre() {
		assertThat(HistoryImport.SQL_MIGRATE.toolName()).isEqualTo("sql-migrate");
		assertThat(HistoryImport.GOLANG_MIGRATE.toolName()).isEqualTo("golang-migrate");
		assertThat(HistoryImport.FLYWAY.toolName()).isEqualTo("flyway");
	}

}
