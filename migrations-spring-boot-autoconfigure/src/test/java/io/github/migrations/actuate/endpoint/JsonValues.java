package io.github.migrations.actuate.endpoint;

import java.util.List;
import java.util.Map;

/**
 * Casts for the values of endpoint JSON read into plain maps and lists by the web tests.
 */
final class JsonValues {

	private JsonValues() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

}
