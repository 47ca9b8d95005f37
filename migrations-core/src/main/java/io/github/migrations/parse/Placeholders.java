package io.github.migrations.parse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.migrations.MigrationParseException;
import org.jspecify.annotations.Nullable;

/**
 * Replaces placeholders ({@code ${name}} unless configured otherwise) in a script's text, as
 * Flyway does: everywhere in the text, comments included, the Up and the Down section alike; a
 * placeholder is the shortest text between prefix and suffix on one line. Values come from the
 * configuration (names compare ignoring case, since environment variables arrive in lower case)
 * and from the built-ins, under Flyway's names and ours: {@code flyway:defaultSchema},
 * {@code flyway:user}, {@code flyway:database}, {@code flyway:timestamp}, {@code flyway:filename},
 * {@code flyway:table} (and {@code migrations:…}). A built-in is computed on first use, so a run
 * whose files name none of them never asks the database. An unknown name is an error naming file
 * and line.
 * <p>
 * One instance serves one run: the timestamp is the run's, the schema and user the database's.
 */
public final class Placeholders {

	private static final Placeholders NONE = new Placeholders(false, "${", "}", Map.of(), Map.of());

	private final boolean enabled;

	private final String prefix;

	private final String suffix;

	private final Map<String, String> values;

	private final Map<String, Supplier<String>> builtIns;

	private final Map<String, String> resolvedBuiltIns = new HashMap<>();

	private Placeholders(boolean enabled, String prefix, String suffix, Map<String, String> values,
			Map<String, Supplier<String>> builtIns) {
		this.enabled = enabled;
		this.prefix = prefix;
		this.suffix = suffix;
		this.values = new HashMap<>();
		values.forEach((name, value) -> this.values.put(name.toLowerCase(Locale.ROOT), value));
		this.builtIns = builtIns;
	}

	/**
	 * @param prefix what opens a placeholder ({@code ${})
	 * @param suffix what closes it ({@code }})
	 * @param values the configured values by name
	 * @param builtIns the built-ins by their name without {@code flyway:} ({@code defaultSchema},
	 * {@code user}, {@code database}, {@code timestamp}, {@code table}); {@code filename} is the
	 * script's own
	 */
	public static Placeholders of(String prefix, String suffix, Map<String, String> values,
			Map<String, Supplier<String>> builtIns) {
		return new Placeholders(true, prefix, suffix, values, builtIns);
	}

	/**
	 * No replacement: the text is run as written.
	 */
	public static Placeholders none() {
		return NONE;
	}

	public boolean enabled() {
		return this.enabled;
	}

	public String prefix() {
		return this.prefix;
	}

	/**
	 * The text with every placeholder replaced.
	 * @param script the file's location, for the error message
	 * @param fileName the file's name, the value of {@code flyway:filename}
	 * @param text the text (a section of the file)
	 * @param firstLine the file line of the text's first line
	 * @throws MigrationParseException for a placeholder without a value, naming file, line and
	 * the property to set
	 */
	public String replace(String script, String fileName, String text, int firstLine) {
		if (!this.enabled || !text.contains(this.prefix)) {
			return text;
		}
		StringBuilder replaced = new StringBuilder(text.length());
		int from = 0;
		int at = text.indexOf(this.prefix);
		while (at >= 0) {
			int nameStart = at + this.prefix.length();
			int end = text.indexOf(this.suffix, nameStart + 1);
			int lineEnd = lineEnd(text, nameStart);
			if (end < 0 || end > lineEnd) {
				// no suffix on the line: not a placeholder (Flyway's pattern does not cross lines)
				at = text.indexOf(this.prefix, nameStart);
				continue;
			}
			String name = text.substring(nameStart, end);
			String value = value(name, fileName);
			if (value == null) {
				int line = firstLine + lineBreaks(text, at);
				String property = name.contains(":") ? null : "migrations.placeholders." + name;
				throw new MigrationParseException(script, line,
						"No value for placeholder " + this.prefix + name + this.suffix,
						((property != null) ? "Set " + property + " (for example in application.properties)"
								: "Use a built-in: flyway:defaultSchema, flyway:user, flyway:database, "
										+ "flyway:timestamp, flyway:filename or flyway:table")
								+ "; or, if the text is meant literally, set migrations.placeholder-replacement=false "
								+ "or another migrations.placeholder-prefix.");
			}
			replaced.append(text, from, at).append(value);
			from = end + this.suffix.length();
			at = text.indexOf(this.prefix, from);
		}
		return replaced.append(text, from, text.length()).toString();
	}

	private @Nullable String value(String name, String fileName) {
		int colon = name.indexOf(':');
		if (colon > 0) {
			String namespace = name.substring(0, colon);
			if (namespace.equals("flyway") || namespace.equals("migrations")) {
				String builtIn = name.substring(colon + 1);
				if (builtIn.equals("filename")) {
					return fileName;
				}
				Supplier<String> supplier = this.builtIns.get(builtIn);
				if (supplier != null) {
					return this.resolvedBuiltIns.computeIfAbsent(builtIn,
							(key) -> Objects.requireNonNullElse(supplier.get(), ""));
				}
				return null;
			}
		}
		return this.values.get(name.toLowerCase(Locale.ROOT));
	}

	private static int lineEnd(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				return i;
			}
		}
		return text.length();
	}

	private static int lineBreaks(String text, int to) {
		int count = 0;
		for (int i = 0; i < to; i++) {
			char c = text.charAt(i);
			if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
				count++;
			}
		}
		return count;
	}

}
