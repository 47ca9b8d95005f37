package io.github.migrations.lint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.migrations.parse.Token;

/**
 * {@code identifier-too-long} (WARNING): a name longer than 63 bytes (UTF-8). PostgreSQL keeps only
 * the first 63 bytes (cut at a character boundary) and says so in a NOTICE nobody reads: the name
 * in the catalog is not the one in the file, and two long names that share their first 63 bytes
 * are one object ({@code CREATE ... IF NOT EXISTS} of the second silently does nothing).
 */
final class IdentifierLengthRule implements LintRule {

	/** NAMEDATALEN - 1 in a default PostgreSQL build. */
	static final int MAX_BYTES = 63;

	@Override
	public List<String> check(LintStatement statement) {
		Set<String> names = new LinkedHashSet<>();
		for (Token token : statement.tokens()) {
			if (token.isName() && token.text().length() > MAX_BYTES / 4
					&& token.text().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
				names.add(token.text());
			}
		}
		List<String> messages = new ArrayList<>();
		for (String name : names) {
			messages.add("Identifier " + name + " is " + name.getBytes(StandardCharsets.UTF_8).length
					+ " bytes: PostgreSQL silently truncates it to " + truncated(name) + " (63 bytes), so the name in "
					+ "the catalog differs from the one written, and two long names that share those 63 bytes are "
					+ "the same object (a CREATE ... IF NOT EXISTS of the second does nothing). Use a name of at most "
					+ "63 bytes.");
		}
		return messages;
	}

	/**
	 * The name as PostgreSQL stores it: the longest prefix of whole characters within 63 bytes.
	 */
	static String truncated(String name) {
		int bytes = 0;
		int end = 0;
		while (end < name.length()) {
			int codePoint = name.codePointAt(end);
			int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + size > MAX_BYTES) {
				break;
			}
			bytes += size;
			end += Character.charCount(codePoint);
		}
		return name.substring(0, end);
	}

}
