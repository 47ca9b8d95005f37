package io.github.migrations.preflight;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.migrations.MigratorConfig;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PreflightConfig}: defaults are the constants, and the builder names the setting
 * that is wrong.
 */
class PreflightConfigTests {

	@Test
	void defaultsAreTheConstants() {
		PreflightConfig config = MigratorConfig.builder().build().getPreflight();
		assertThat(config.isEnabled()).isEqualTo(PreflightConfig.DEFAULT_ENABLED).isTrue();
		assertThat(config.getIdleInTransactionThreshold())
			.isEqualTo(PreflightConfig.DEFAULT_IDLE_IN_TRANSACTION_THRESHOLD);
		assertThat(config.getLongRunningThreshold()).isEqualTo(PreflightConfig.DEFAULT_LONG_RUNNING_THRESHOLD);
		assertThat(config.getTableSizeThreshold()).isEqualTo(PreflightConfig.DEFAULT_TABLE_SIZE_THRESHOLD);
		assertThat(config.getActiveConnectionsThreshold())
			.isEqualTo(PreflightConfig.DEFAULT_ACTIVE_CONNECTIONS_THRESHOLD);
		assertThat(config.getOutsideWindow()).isEqualTo(PreflightConfig.DEFAULT_OUTSIDE_WINDOW);
		assertThat(config.getTimeout()).isEqualTo(PreflightConfig.DEFAULT_TIMEOUT);
		assertThat(config.getMaintenanceWindow()).isNull();
		assertThat(config.getSkipChecks()).isEmpty();
		assertThat(config.getChecks()).isEmpty();
	}

	@Test
	void toBuilderKeepsEverySetting() {
		PreflightCheck check = check("replica-lag");
		MigratorConfig config = MigratorConfig.builder()
			.preflight((p) -> p.longRunningThreshold(Duration.ofSeconds(7)).check(check).skipChecks(Set.of("table-size")))
			.build();
		PreflightConfig copy = config.toBuilder().build().getPreflight();
		assertThat(copy.getLongRunningThreshold()).isEqualTo(Duration.ofSeconds(7));
		assertThat(copy.getChecks()).containsExactly(check);
		assertThat(copy.getSkipChecks()).containsExactly("table-size");
	}

	@Test
	void rejectsNegativeThresholds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PreflightConfig.builder().idleInTransactionThreshold(Duration.ofSeconds(-1)).build())
			.withMessageContaining("idle-in-transaction threshold");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PreflightConfig.builder().tableSizeThreshold(DataSize.ofBytes(-1)).build())
			.withMessageContaining("table size threshold");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PreflightConfig.builder().activeConnectionsThreshold(-1).build())
			.withMessageContaining("active connections threshold");
		assertThatIllegalArgumentException().isThrownBy(() -> PreflightConfig.builder().timeout(Duration.ZERO).build())
			.withMessageContaining("timeout must be positive");
	}

	@Test
	void outsideWindowIsBlockingOrWarning() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PreflightConfig.builder().outsideWindow(PreflightStatus.PASSED).build())
			.withMessageContaining("outside-window must be BLOCKING or WARNING, was PASSED");
	}

	@Test
	void rejectsBadAndDuplicateCheckIds() {
		assertThatIllegalArgumentException().isThrownBy(() -> PreflightConfig.builder().check(check("Replica Lag")).build())
			.withMessageContaining("has the id 'Replica Lag'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PreflightConfig.builder().check(check("table-size")).build())
			.withMessageContaining("two preflight checks have the id 'table-size'");
	}

	@Test
	void skipChecksMustNameKnownChecks() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PreflightConfig.builder().skipChecks(Set.of("table-sizes")).build())
			.withMessageContaining("unknown check 'table-sizes'")
			.withMessageContaining("active-connections, blocking-sessions, maintenance-window, replication, table-size");
		assertThat(PreflightConfig.builder().check(check("replica-lag")).skipChecks(Set.of("replica-lag")).build()
			.getSkipChecks()).containsExactly("replica-lag");
	}

	private static PreflightCheck check(String id) {
		return new PreflightCheck() {

			@Override
			public String id() {
				return id;
			}

			@Override
			public List<PreflightResult> check(PreflightContext context) throws SQLException {
				return List.of(PreflightResult.passed(id, "fine"));
			}

		};
	}

}
