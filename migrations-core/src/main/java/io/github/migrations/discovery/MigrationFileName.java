package io.github.migrations.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.migrations.MigrationParseException;
import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a migration file name says: its type, version and name. Our own form is
 * {@code <digits>_<name>.sql} (usually a 14-digit timestamp); Flyway's are {@code V<version>__<name>.sql}
 * (versioned), {@code B<version>__<name>.sql} (baseline), {@code U<version>__<name>.sql} (undo) and
 * {@code R__<name>.sql} (repeatable, no version).
 *
 * @param type what the file is
 * @param version the version, or {@code null} for a repeatable migration
 * @param name the name part, without extension
 */
public record MigrationFileName(Type type, @Nullable MigrationVersion version, String name) {

	/**
	 * What a migration file is, by its name.
	 */
	public enum Type {

		/** {@code <digits>_<name>.sql} or {@code V<version>__<name>.sql}: runs once. */
		VERSIONED,
		/** {@code B<version>__<name>.sql}: on an empty database, runs in place of every version it covers. */
		BASELINE,
		/** {@code U<version>__<name>.sql}: the Down of that version. */
		UNDO,
		/** {@code R__<name>.sql}: runs after the versioned ones, again whenever it changes. */
		REPEATABLE

	}

	/**
	 * The width of the history table's version column.
	 */
	static final int MAX_VERSION_LENGTH = 50;

	private static final Pattern FLYWAY = Pattern.compile("([VBU])(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

	private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");

	/**
	 * The patterns a migration file's name may follow, for the messages.
	 */
	static final String PATTERNS = "<version>_<name>.sql (20240115120000_add_users.sql), V<version>__<name>.sql, "
			+ "U<version>__<name>.sql (undo), B<version>__<name>.sql (baseline), R__<name>.sql (repeatable), or a "
			+ "callback such as afterMigrate.sql";

	private static final Pattern SINGLE_SEPARATOR = Pattern.compile("([VBU])(\\d+(?:[._]\\d+)*)(?:_|-+)([^_].*)\\.sql");

	private static final Pattern HYPHEN_SEPARATOR = Pattern.compile("(\\d+)-+(.+)\\.sql");

	private static final Pattern DATE = Pattern
		.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:[T_ -]?(\\d{2})[:.-]?(\\d{2})(?:[:.-]?(\\d{2}))?)?[_ -]+(.+)\\.sql");

	private static final Pattern VERSIONED_REPEATABLE = Pattern.compile("R(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

	/**
	 * Parses a file name. Files whose extension is not {@code .sql} in any case (README.md,
	 * notes.txt, 1_init.sql.bak, Flyway's V1__init.sql.conf) are not migrations; a {@code .sql}
	 * file must follow one of the patterns. The extension compares as Flyway's suffix does: exactly
	 * {@code .sql}, so {@code V1__init.SQL}, which Flyway would skip without a word, is an error
	 * here rather than a migration that never runs.
	 * @param fileName the file name without directories
	 * @param location where the file is, for the error message
	 * @return the parsed name, or empty for a file that is not a migration
	 * @throws MigrationParseException for a file that looks like a migration but follows no
	 * pattern, naming the patterns, what a renamed file would be read as, and the fix
	 */
	public static Optional<MigrationFileName> parse(String fileName, String location) {
		if (!fileName.endsWith(".sql")) {
			if (fileName.length() > 4 && fileName.regionMatches(true, fileName.length() - 4, ".sql", 0, 4)) {
				String renamed = fileName.substring(0, fileName.length() - 4) + ".sql";
				String why = "the extension must be '.sql' in lower case, as Flyway's suffix is; a file named so is "
						+ "skipped by Flyway without a word";
				if (CallbackFileName.parse(renamed, location).isPresent()) {
					throw new MigrationParseException(location, 0, "Callback file name '" + fileName
							+ "' matches no pattern: " + why + "; named " + renamed + " it would be read as a callback",
							"Rename it to " + renamed + ", or move it out of the migration location.");
				}
				throw misnamed(fileName, location, renamed, why);
			}
			return Optional.empty();
		}
		Optional<MigrationFileName> parsed = matching(fileName, location);
		if (parsed.isPresent()) {
			return parsed;
		}
		throw misnamed(fileName, location, suggestion(fileName), null);
	}

	/**
	 * The name read by the patterns, or empty when it follows none.
	 */
	private static Optional<MigrationFileName> matching(String fileName, String location) {
		int digits = 0;
		while (digits < fileName.length() && fileName.charAt(digits) >= '0' && fileName.charAt(digits) <= '9') {
			digits++;
		}
		if (digits > 0 && digits + 1 < fileName.length() - 4 && fileName.charAt(digits) == '_') {
			// <digits>_<name>.sql, by hand: no matcher per file at every start
			return Optional.of(of(Type.VERSIONED, fileName.substring(0, digits),
					fileName.substring(digits + 1, fileName.length() - 4), location));
		}
		Matcher flyway = FLYWAY.matcher(fileName);
		if (flyway.matches()) {
			Type type = switch (flyway.group(1)) {
				case "B" -> Type.BASELINE;
				case "U" -> Type.UNDO;
				default -> Type.VERSIONED;
			};
			return Optional.of(of(type, flyway.group(2), flyway.group(3), location));
		}
		Matcher repeatable = REPEATABLE.matcher(fileName);
		if (repeatable.matches()) {
			return Optional.of(new MigrationFileName(Type.REPEATABLE, null, named(repeatable.group(1), location)));
		}
		return Optional.empty();
	}

	/**
	 * The name the user most likely meant, when a small change makes it follow a pattern: a
	 * lower-case Flyway prefix, one underscore (or a hyphen) where Flyway wants two, a hyphen
	 * after our numeric version, a date written with hyphens, a repeatable migration with a
	 * version.
	 */
	private static @Nullable String suggestion(String fileName) {
		List<String> candidates = new ArrayList<>();
		char first = fileName.charAt(0);
		if (first == 'v' || first == 'u' || first == 'b' || first == 'r') {
			candidates.add(Character.toUpperCase(first) + fileName.substring(1));
		}
		Matcher single = SINGLE_SEPARATOR.matcher(fileName);
		if (single.matches()) {
			candidates.add(single.group(1) + single.group(2) + "__" + single.group(3) + ".sql");
		}
		Matcher date = DATE.matcher(fileName);
		if (date.matches()) {
			StringBuilder version = new StringBuilder();
			for (int group = 1; group <= 6; group++) {
				version.append((date.group(group) != null) ? date.group(group) : "");
			}
			candidates.add(version + "_" + date.group(7) + ".sql");
		}
		Matcher hyphen = HYPHEN_SEPARATOR.matcher(fileName);
		if (hyphen.matches()) {
			candidates.add(hyphen.group(1) + "_" + hyphen.group(2) + ".sql");
		}
		Matcher versionedRepeatable = VERSIONED_REPEATABLE.matcher(fileName);
		if (versionedRepeatable.matches()) {
			candidates.add("R__" + versionedRepeatable.group(2) + ".sql");
		}
		for (String candidate : candidates) {
			try {
				if (matching(candidate, candidate).isPresent()) {
					return candidate;
				}
			}
			catch (MigrationParseException ex) {
				// not a better name after all
			}
		}
		return null;
	}

	private static MigrationParseException misnamed(String fileName, String location, @Nullable String renamed,
			@Nullable String why) {
		Optional<MigrationFileName> meant = Optional.empty();
		if (renamed != null) {
			try {
				meant = matching(renamed, location);
			}
			catch (MigrationParseException ex) {
				// the renamed file would be wrong too: no suggestion
			}
		}
		String message = "Migration file name '" + fileName + "' matches no migration pattern"
				+ ((why != null) ? ": " + why : "");
		if (meant.isPresent()) {
			return new MigrationParseException(location, 0,
					message + "; named " + renamed + " it would be read as " + meant.get().describe(),
					"Rename it to " + renamed + " (the patterns: " + PATTERNS
							+ "), or move it out of the migration location.");
		}
		return new MigrationParseException(location, 0, message,
				"Name it after one of the patterns: " + PATTERNS + "; or move it out of the migration location.");
	}

	/**
	 * What the file is, in words: "versioned migration 1 (add_users)".
	 */
	String describe() {
		return switch (this.type) {
			case VERSIONED -> "versioned migration " + this.version + " (" + this.name + ")";
			case BASELINE -> "baseline migration at version " + this.version + " (" + this.name + ")";
			case UNDO -> "the undo (Down) of version " + this.version + " (" + this.name + ")";
			case REPEATABLE -> "repeatable migration " + this.name;
		};
	}

	private static String named(String name, String location) {
		if (name.isBlank()) {
			throw new MigrationParseException(location, 0, "Migration file name has an empty name part",
					"Name it <version>_<name>.sql, for example 20240115120000_add_users.sql.");
		}
		return name;
	}

	private static MigrationFileName of(Type type, String version, String name, String location) {
		named(name, location);
		if (version.length() > MAX_VERSION_LENGTH) {
			throw new MigrationParseException(location, 0, "Migration version is " + version.length()
					+ " characters long; the history's version column holds at most " + MAX_VERSION_LENGTH,
					"Give the file a shorter version, for example a 14-digit timestamp such as 20240115120000_"
							+ name + ".sql.");
		}
		return new MigrationFileName(type, MigrationVersion.parse(version), name);
	}

}
