package io.github.migrations.actuate.endpoint;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The web tests' reading of endpoint JSON: a response body into plain maps and lists, and casts
 * for their values.
 */
final class JsonValues {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private JsonValues() {
	}

	/**
	 * The body of a response, a JSON object.
	 */
	static Map<String, Object> json(HttpResponse<String> response) {
		return map(mapper.readValue(response.body(), Map.class));
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
