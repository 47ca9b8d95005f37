package io.github.migrations.discovery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.migrations.MigrationParseException;
import io.github.migrations.MigrationVersion;

/**
 * Reads version and name from a migration file name: {@code <digits>_<name>.sql} (ours, usually a
 * 14-digit timestamp) or Flyway's {@code V<version>__<name>.sql}.
 *
 * @param version the version
 * @param name the name part, without extension
 */
public record MigrationFileName(MigrationVersion version, String name) {

	/**
	 * The width of the history table's version column.
	 */
	static final int MAX_VERSION_LENGTH = 50;

	private static final Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

	private static final Pattern FLYWAY_UNSUPPORTED = Pattern.compile("([RU])\\d*__.*\\.sql");

	/**
	 * Parses a file name; files that do not end in {@code .sql} are not migrations.
	 * @param fileName the file name without directories
	 * @param location where the file is, for the error message
	 * @return the parsed name, or empty for a file that is not a migration
	 * @throws MigrationParseException for a {@code .sql} file whose name does not follow either
	 * form
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
			return Optional.of(of(fileName.substring(0, digits), fileName.substring(digits + 1, fileName.length() - 4),
					location));
		}
		Matcher flyway = FLYWAY.matcher(fileName);
		if (flyway.matches()) {
			return Optional.of(of(flyway.group(1), flyway.group(2), location));
		}
		Matcher unsupported = FLYWAY_UNSUPPORTED.matcher(fileName);
		if (unsupported.matches()) {
			String kind = unsupported.group(1).equals("R") ? "Repeatable (R__)" : "Undo (U__)";
			throw new MigrationParseException(location, 0, kind + " Flyway migrations are not supported",
					unsupported.group(1).equals("U")
							? "Move the undo SQL into a '-- +migrate Down' section of the versioned migration it reverts."
							: "Turn it into a versioned migration (<version>_<name>.sql), or move it out of the migration location.");
		}
		throw new MigrationParseException(location, 0, "Migration file name '" + fileName + "' has no version",
				"Name it <version>_<name>.sql with a numeric version, for example 20240115120000_add_users.sql "
						+ "(or Flyway's V1__add_users.sql), or move it out of the migration location.");
	}

	private static MigrationFileName of(String version, String name, String location) {
		if (name.isBlank()) {
			throw new MigrationParseException(location, 0, "Migration file name has an empty name part",
					"Name it <version>_<name>.sql, for example 20240115120000_add_users.sql.");
		}
		if (version.length() > MAX_VERSION_LENGTH) {
			throw new MigrationParseException(location, 0, "Migration version is " + version.length()
					+ " characters long; the history's version column holds at most " + MAX_VERSION_LENGTH,
					"Give the file a shorter version, for example a 14-digit timestamp such as 20240115120000_"
							+ name + ".sql.");
		}
		return new MigrationFileName(MigrationVersion.parse(version), name);
	}

}
