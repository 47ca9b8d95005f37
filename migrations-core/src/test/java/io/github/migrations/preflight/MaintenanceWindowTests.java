package io.github.migrations.preflight;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MaintenanceWindow}: the start is in, the end is out, windows may cross
 * midnight, times are read in the window's zone.
 */
class MaintenanceWindowTests {

	@ParameterizedTest
	@CsvSource({ "22:00-04:00, 2024-01-15T22:00:00Z, true", "22:00-04:00, 2024-01-15T23:59:59Z, true",
			"22:00-04:00, 2024-01-16T00:00:00Z, true", "22:00-04:00, 2024-01-16T03:59:59Z, true",
			"22:00-04:00, 2024-01-16T04:00:00Z, false", "22:00-04:00, 2024-01-15T21:59:59Z, false",
			"22:00-04:00, 2024-01-15T12:00:00Z, false", "09:30-17:00, 2024-01-15T09:30:00Z, true",
			"09:30-17:00, 2024-01-15T16:59:00Z, true", "09:30-17:00, 2024-01-15T17:00:00Z, false",
			"09:30-17:00, 2024-01-15T09:29:59Z, false", "09:30-17:00, 2024-01-15T02:00:00Z, false",
			" 01:00 - 02:00 , 2024-01-15T01:30:00Z, true" })
	void containsInUtc(String window, String instant, boolean inside) {
		assertThat(MaintenanceWindow.parse(window, ZoneOffset.UTC).contains(Instant.parse(instant))).isEqualTo(inside);
	}

	@ParameterizedTest
	@CsvSource({ "2024-01-15T21:30:00Z, true", "2024-01-15T20:59:00Z, false", "2024-07-15T20:30:00Z, true",
			"2024-07-15T19:59:00Z, false", "2024-07-16T01:59:00Z, true", "2024-07-16T02:00:00Z, false" })
	void readsTheTimeInTheWindowsZoneWithDaylightSaving(String instant, boolean inside) {
		// Berlin is UTC+1 in January and UTC+2 in July
		MaintenanceWindow window = MaintenanceWindow.parse("22:00-04:00", ZoneId.of("Europe/Berlin"));
		assertThat(window.contains(Instant.parse(instant))).isEqualTo(inside);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "22:00", "22-04", "22:00-04:00-05:00", "25:00-04:00", "night", "10:00-10:00" })
	void rejectsMalformedWindowsNamingTheForm(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> MaintenanceWindow.parse(text, ZoneOffset.UTC))
			.withMessageStartingWith("Invalid migrations configuration: maintenance window");
	}

}
