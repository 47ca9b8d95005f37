package io.github.migrations;

import java.util.List;
import java.util.Map;

import io.github.migrations.preflight.PreflightResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MigrationPreflightException}: every blocking finding is in the message, even
 * several of one check.
 */
class MigrationPreflightExceptionTests {

	@Test
	void listsEveryBlockingFindingByCheckInOrder() {
		MigrationPreflightException ex = new MigrationPreflightException(List.of(
				PreflightResult.blocking("blocking-sessions", "Session pid 7 holds orders", Map.of()),
				PreflightResult.blocking("blocking-sessions", "Session pid 9 holds orders", Map.of()),
				PreflightResult.blocking("maintenance-window", "Outside the window", Map.of())));
		assertThat(ex.getSummary()).isEqualTo("Pre-flight checks found 3 blocking conditions; no migration was "
				+ "applied and nothing was changed");
		assertThat(ex.getContext()).containsExactly(entry("blocking-sessions", "Session pid 7 holds orders"),
				entry("blocking-sessions (2)", "Session pid 9 holds orders"),
				entry("maintenance-window", "Outside the window"));
		assertThat(ex.getAction()).contains("migrations.preflight.skip-checks=<check>");
		assertThat(ex.getBlocking()).hasSize(3);
	}

	@Test
	void oneFindingIsNamedInTheSingular() {
		MigrationPreflightException ex = new MigrationPreflightException(
				List.of(PreflightResult.blocking("release-freeze", "Release freeze until Monday", Map.of())));
		assertThat(ex.getSummary()).startsWith("Pre-flight checks found 1 blocking condition;");
	}

}
