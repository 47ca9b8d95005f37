package io.github.migrations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error the engine reports. A message has a fixed form: what failed, then the
 * context (one {@code key: value} line each), then what to do. {@link #getDescription()} and
 * {@link #getAction()} give the parts separately, for Spring Boot's failure analysis.
 */
public class MigrationException extends RuntimeException {

	private final String summary;

	private final Map<String, String> context;

	private final String action;

	protected MigrationException(String summary, Map<String, ?> context, String action,
			@Nullable Throwable cause) {
		super(format(summary, context, action), cause);
		this.summary = summary;
		this.context = stringify(context);
		this.action = action;
	}

	public MigrationException(String summary, String action) {
		this(summary, Map.of(), action, null);
	}

	public MigrationException(String summary, String action, @Nullable Throwable cause) {
		this(summary, Map.of(), action, cause);
	}

	/**
	 * What failed, in one sentence.
	 */
	public String getSummary() {
		return this.summary;
	}

	/**
	 * The facts around the failure (file, line, version, SQLState...), in a stable order.
	 */
	public Map<String, String> getContext() {
		return this.context;
	}

	/**
	 * The summary followed by the context lines.
	 */
	public String getDescription() {
		return describe(this.summary, this.context);
	}

	/**
	 * What to do about it.
	 */
	public String getAction() {
		return this.action;
	}

	/**
	 * Ordered context builder for subclasses; {@code null} values are left out.
	 */
	protected static Map<String, Object> context(@Nullable Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			Object value = keysAndValues[i + 1];
			if (value != null) {
				map.put(String.valueOf(keysAndValues[i]), value);
			}
		}
		return map;
	}

	private static Map<String, String> stringify(Map<String, ?> context) {
		Map<String, String> map = new LinkedHashMap<>();
		context.forEach((k, v) -> map.put(k, String.valueOf(v)));
		return Collections.unmodifiableMap(map);
	}

	private static String format(String summary, Map<String, ?> context, String action) {
		String description = describe(summary, stringify(context));
		return action.isEmpty() ? description : description + "\n  Fix: " + action;
	}

	private static String describe(String summary, Map<String, String> context) {
		StringBuilder sb = new StringBuilder(summary);
		context.forEach((k, v) -> sb.append("\n    ").append(k).append(": ").append(v));
		return sb.toString();
	}

}
