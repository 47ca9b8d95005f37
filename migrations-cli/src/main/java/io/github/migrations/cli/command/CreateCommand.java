package io.github.migrations.cli.command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code create NAME}: a new {@code <timestamp>_<name>.sql} with Up and Down sections in the first
 * filesystem location (a {@code classpath:} location is the project's {@code src/main/resources}).
 */
public final class CreateCommand {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]*");

	private CreateCommand() {
	}

	/**
	 * Writes the file and prints its path.
	 * @param name the migration's name; spaces and dashes become underscores, letters lower case
	 * @param clock the clock of the timestamp (UTC)
	 * @return the new file
	 * @throws CommandException for a name that is not letters, digits and underscores, or a file
	 * that exists
	 */
	public static Path run(CommandConfiguration configuration, String name, Clock clock, PrintStream out) {
		String normalized = name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
		if (!NAME.matcher(normalized).matches()) {
			throw new CommandException("The migration name '" + name + "' must be letters, digits and underscores "
					+ "(it becomes part of the file name), e.g. add_user_email");
		}
		Path directory = configuration.firstDirectory();
		Path file = directory.resolve(LocalDateTime.now(clock).format(TIMESTAMP) + "_" + normalized + ".sql");
		if (Files.exists(file)) {
			throw new CommandException(file + " exists already; wait a second or choose another name");
		}
		try {
			Files.createDirectories(directory);
			Files.writeString(file, template(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file + ": " + ex.getMessage(), ex);
		}
		out.println("Created " + file);
		return file;
	}

	private static String template() {
		return """
				-- +migrate Up


				-- +migrate Down

				""";
	}

}
