package io.github.migrations.autoconfigure.actuate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An {@link OffsetDateTime} as the ISO-8601 instant {@link java.time.Instant#toString()} gives,
 * written by hand for years 1000 to 9999: the endpoint writes one per applied migration (10,000
 * on a large history), and {@code Instant.toString()} goes through a
 * {@link java.time.format.DateTimeFormatter}, a {@code LocalDateTime} and a
 * {@code StringBuilder} each time. Other years take {@code Instant.toString()} itself.
 */
final class IsoInstant {

	private IsoInstant() {
	}

	static String format(OffsetDateTime time) {
		OffsetDateTime utc = ZoneOffset.UTC.equals(time.getOffset()) ? time
				: time.withOffsetSameInstant(ZoneOffset.UTC);
		int year = utc.getYear();
		if (year < 1000 || year > 9999) {
			return time.toInstant().toString();
		}
		int nano = utc.getNano();
		// as Instant.toString(): no fraction, or 3, 6 or 9 digits, whichever shows all of it
		int digits = (nano == 0) ? 0 : (nano % 1_000_000 == 0) ? 3 : (nano % 1_000 == 0) ? 6 : 9;
		char[] text = new char[20 + ((digits > 0) ? digits + 1 : 0)];
		put(text, 0, year, 4);
		text[4] = '-';
		put(text, 5, utc.getMonthValue(), 2);
		text[7] = '-';
		put(text, 8, utc.getDayOfMonth(), 2);
		text[10] = 'T';
		put(text, 11, utc.getHour(), 2);
		text[13] = ':';
		put(text, 14, utc.getMinute(), 2);
		text[16] = ':';
		put(text, 17, utc.getSecond(), 2);
		if (digits > 0) {
			text[19] = '.';
			int fraction = (digits == 3) ? nano / 1_000_000 : (digits == 6) ? nano / 1_000 : nano;
			put(text, 20, fraction, digits);
		}
		text[text.length - 1] = 'Z';
		return new String(text);
	}

	/**
	 * Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}.
	 */
	private static void put(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
