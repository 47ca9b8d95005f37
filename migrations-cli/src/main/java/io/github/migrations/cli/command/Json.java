package io.github.migrations.cli.command;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes maps, lists, strings, numbers, booleans and nulls as JSON (keys in map order, two-space
 * indentation). Enough for the commands' output without a JSON library on the command line's
 * classpath.
 */
final class Json {

	private Json() {
	}

	static String write(@Nullable Object value) {
		StringBuilder json = new StringBuilder();
		write(json, value, "");
		return json.append('\n').toString();
	}

	private static void write(StringBuilder json, @Nullable Object value, String indent) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			writeObject(json, map, indent);
		}
		else if (value instanceof List<?> list) {
			writeArray(json, list, indent);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			json.append(value);
		}
		else {
			string(json, value.toString());
		}
	}

	private static void writeObject(StringBuilder json, Map<?, ?> map, String indent) {
		if (map.isEmpty()) {
			json.append("{}");
			return;
		}
		String inner = indent + "  ";
		json.append("{\n");
		for (Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator(); entries.hasNext();) {
			Map.Entry<?, ?> entry = entries.next();
			json.append(inner);
			string(json, String.valueOf(entry.getKey()));
			json.append(": ");
			write(json, entry.getValue(), inner);
			json.append(entries.hasNext() ? ",\n" : "\n");
		}
		json.append(indent).append('}');
	}

	private static void writeArray(StringBuilder json, List<?> list, String indent) {
		if (list.isEmpty()) {
			json.append("[]");
			return;
		}
		String inner = indent + "  ";
		json.append("[\n");
		for (int i = 0; i < list.size(); i++) {
			json.append(inner);
			write(json, list.get(i), inner);
			json.append((i < list.size() - 1) ? ",\n" : "\n");
		}
		json.append(indent).append(']');
	}

	private static void string(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
