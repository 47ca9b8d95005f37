package io.github.migrations.preflight;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A daily time window, in a time zone, when migrations may run: {@code 22:00-04:00} crosses
 * midnight. The start is inside the window, the end is not.
 *
 * @param start first minute of the window
 * @param end first minute after the window
 * @param zone the zone the times are in
 */
public record MaintenanceWindow(LocalTime start, LocalTime end, ZoneId zone) {

	public MaintenanceWindow {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
		Objects.requireNonNull(zone, "zone");
		if (start.equals(end)) {
			throw new IllegalArgumentException("Invalid migrations configuration: maintenance window " + start + "-"
					+ end + " is empty; give two different times, e.g. 22:00-04:00");
		}
	}

	/**
	 * Reads {@code HH:mm-HH:mm}.
	 * @throws IllegalArgumentException naming the expected form
	 */
	public static MaintenanceWindow parse(String text, ZoneId zone) {
		String[] parts = text.strip().split("\\s*-\\s*");
		if (parts.length != 2) {
			throw invalid(text);
		}
		try {
			return new MaintenanceWindow(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]), zone);
		}
		catch (DateTimeParseException ex) {
			throw invalid(text);
		}
	}

	/**
	 * Whether the instant falls in the window.
	 */
	public boolean contains(Instant instant) {
		LocalTime time = instant.atZone(this.zone).toLocalTime();
		if (this.start.isBefore(this.end)) {
			return !time.isBefore(this.start) && time.isBefore(this.end);
		}
		return !time.isBefore(this.start) || time.isBefore(this.end);
	}

	@Override
	public String toString() {
		return this.start + "-" + this.end + " " + this.zone;
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("Invalid migrations configuration: maintenance window '" + text
				+ "' is not of the form HH:mm-HH:mm (e.g. 22:00-04:00)");
	}

}
