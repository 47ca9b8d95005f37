package io.github.migrations.autoconfigure.actuate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IsoInstant}: the same text as {@link Instant#toString()}, always.
 */
class IsoInstantTests {

	@ParameterizedTest
	@CsvSource({ "2026-12-02T15:16:31Z", "2026-12-02T15:16:00Z", "2026-12-02T00:00:00Z", "2026-12-02T15:16:31.800Z",
			"2026-12-02T15:16:31.836337Z", "2026-12-02T15:16:31.000001Z", "2026-12-02T15:16:31.000000001Z",
			"2026-12-02T15:16:31.123456789Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
			"0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.500Z" })
	void formatsAsInstantToString(String text) {
		Instant instant = Instant.parse(text);
		assertThat(IsoInstant.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC))).isEqualTo(instant.toString())
			.isEqualTo(text);
	}

	@Test
	void formatsOtherOffsetsAsTheirInstantInUtc() {
		OffsetDateTime berlin = OffsetDateTime.parse("2026-12-02T16:16:31.836337+01:00");
		assertThat(IsoInstant.format(berlin)).isEqualTo("2026-12-02T15:16:31.836337Z");
		OffsetDateTime newYear = OffsetDateTime.parse("2027-01-01T00:30:00+14:00");
		assertThat(IsoInstant.format(newYear)).isEqualTo(newYear.toInstant().toString());
	}

	@Test
	void matchesInstantToStringOnRandomInstants() {
		Random random = new Random(8);
		for (int i = 0; i < 100_000; i++) {
			long seconds = random.nextLong() % 253_402_300_800L;
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1_000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nanos);
			ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1_800);
			assertThat(IsoInstant.format(OffsetDateTime.ofInstant(instant, offset))).isEqualTo(instant.toString());
		}
	}

}
