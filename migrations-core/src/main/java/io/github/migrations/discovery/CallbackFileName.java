package io.github.migrations.discovery;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationParseException;

/**
 * Reads a SQL callback's file name, Flyway's form: the event's name, optionally a description
 * after two underscores, and {@code .sql}: {@code afterMigrate.sql}, {@code afterMigrate__grants.sql}.
 */
public final class CallbackFileName {

	/** The file names of the events, for the messages. */
	static final List<String> NAMES = Arrays.stream(MigrationCallback.Event.values())
		.map((event) -> event.fileName() + ".sql")
		.toList();

	private CallbackFileName() {
	}

	/**
	 * @param fileName the file name without directories
	 * @param location where the file is, for the error message
	 * @return the event, or empty when the file is not a callback
	 * @throws MigrationParseException for a Flyway callback this starter does not run
	 * ({@code beforeValidate.sql}), rather than skipping it without a word
	 */
	public static Optional<MigrationCallback.Event> parse(String fileName, String location) {
		if (!fileName.endsWith(".sql") || !(fileName.startsWith("before") || fileName.startsWith("after"))) {
			return Optional.empty();
		}
		String stem = fileName.substring(0, fileName.length() - 4);
		int separator = stem.indexOf("__");
		String id = (separator >= 0) ? stem.substring(0, separator) : stem;
		for (MigrationCallback.Event event : MigrationCallback.Event.values()) {
			if (event.fileName().equals(id)) {
				return Optional.of(event);
			}
		}
		if (id.matches("(before|after)[A-Z][A-Za-z]*")) {
			throw new MigrationParseException(location, 0,
					"'" + fileName + "' is named like a Flyway callback for the event '" + id
							+ "', which this starter does not run (it runs " + String.join(", ", NAMES) + ")",
					"Rename it after one of those events, or move it out of the migration location (a "
							+ "MigrationCallback bean can do what it did).");
		}
		return Optional.empty();
	}

}
