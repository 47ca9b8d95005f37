package io.github.migrations.discovery;

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
	 * Parses a file name; files that do not end in {@code .sql} are not migrations.
	 * @param fileName the file name without directories
	 * @param location where the file is, for the error message
	 * @return the parsed name, or empty for a file that is not a migration
	 * @throws MigrationParseException for a {@code .sql} file whose name follows no form
	 */
	public static Optional<MigrationFileName> parse(String fileName, String location) {
		if (!fileName.endsWith(".sql")) {
			return Optional.empty();
		}
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
		throw new MigrationParseException(location, 0, "Migration file name '" + fileName + "' has no version",
				"Name it <version>_<name>.sql with a numeric version, for example 20240115120000_add_users.sql "
						+ "(or Flyway's V1__add_users.sql), or move it out of the migration location.");
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
