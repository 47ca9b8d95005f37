package io.github.migrations.preflight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One finding of a pre-flight check.
 *
 * @param check the id of the check that found it
 * @param status how bad it is
 * @param message what was found and, unless it passed, what to do about it
 * @param details the facts behind it (pid, table, size...), in a stable order
 */
public record PreflightResult(String check, PreflightStatus status, String message, Map<String, String> details) {

	public PreflightResult {
		Objects.requireNonNull(check, "check");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(message, "message");
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}

	public static PreflightResult passed(String check, String message) {
		return new PreflightResult(check, PreflightStatus.PASSED, message, Map.of());
	}

	public static PreflightResult warning(String check, String message, Map<String, String> details) {
		return new PreflightResult(check, PreflightStatus.WARNING, message, details);
	}

	public static PreflightResult blocking(String check, String message, Map<String, String> details) {
		return new PreflightResult(check, PreflightStatus.BLOCKING, message, details);
	}

	public static PreflightResult skipped(String check, String reason) {
		return new PreflightResult(check, PreflightStatus.SKIPPED, reason, Map.of());
	}

	/**
	 * Ordered details from key, value, key, value...
	 */
	public static Map<String, String> details(String... keysAndValues) {
		Map<String, String> details = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			details.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return details;
	}

	/**
	 * One line: {@code check STATUS: message [key=value, ...]}.
	 */
	public String describe() {
		return this.check + " " + this.status + ": " + this.message + (this.details.isEmpty() ? ""
				: this.details.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining(", ", " [", "]")));
	}

}
