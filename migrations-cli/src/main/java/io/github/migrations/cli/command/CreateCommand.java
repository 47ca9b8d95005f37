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
 * filesystem location (a {@code classpath:} location is the project's {@code src/main/resources});
 * or, with {@code --java}, a {@code V<timestamp>__<Name>.java} skeleton (a {@code @Component}
 * extending {@code BaseJavaMigration}) under the project's {@code src/main/java}.
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
		String normalized = normalize(name);
		Path file = configuration.firstDirectory()
			.resolve(LocalDateTime.now(clock).format(TIMESTAMP) + "_" + normalized + ".sql");
		write(file, template());
		out.println("Created " + file);
		return file;
	}

	/**
	 * Writes a Java migration skeleton and prints its path.
	 * @param name the migration's name, as for a SQL file; it becomes the class name in CamelCase
	 * @param javaPackage the package of the class, e.g. {@code com.example.db.migration}
	 * @return the new file
	 */
	public static Path runJava(CommandConfiguration configuration, String name, String javaPackage, Clock clock,
			PrintStream out) {
		String normalized = normalize(name);
		if (!javaPackage.matches("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*")) {
			throw new CommandException("'" + javaPackage + "' is not a Java package name, e.g. com.example.db.migration");
		}
		StringBuilder camel = new StringBuilder();
		for (String word : normalized.split("_")) {
			if (!word.isEmpty()) {
				camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		String className = "V" + LocalDateTime.now(clock).format(TIMESTAMP) + "__" + camel;
		Path file = configuration.projectDirectory()
			.resolve("src/main/java")
			.resolve(javaPackage.replace('.', '/'))
			.resolve(className + ".java");
		write(file, javaTemplate(javaPackage, className));
		out.println("Created " + file);
		return file;
	}

	private static String normalize(String name) {
		String normalized = name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
		if (!NAME.matcher(normalized).matches()) {
			throw new CommandException("The migration name '" + name + "' must be letters, digits and underscores "
					+ "(it becomes part of the file name), e.g. add_user_email");
		}
		return normalized;
	}

	private static void write(Path file, String content) {
		if (Files.exists(file)) {
			throw new CommandException(file + " exists already; wait a second or choose another name");
		}
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static String javaTemplate(String javaPackage, String className) {
		return """
				package %s;

				import io.github.migrations.BaseJavaMigration;
				import io.github.migrations.MigrationContext;

				import org.springframework.jdbc.core.JdbcTemplate;
				import org.springframework.stereotype.Component;

				@Component
				public class %s extends BaseJavaMigration {

					@Override
					public void up(MigrationContext context) {
						JdbcTemplate jdbc = context.jdbcTemplate(); // the migration's own connection and transaction
						// keyset pagination for big tables: WHERE id > :last ORDER BY id LIMIT :batch
					}

					@Override
					public void down(MigrationContext context) {
						JdbcTemplate jdbc = context.jdbcTemplate();
					}

				}
				""".formatted(javaPackage, className);
	}

	private static String template() {
		return """
				-- +migrate Up


				-- +migrate Down

				""";
	}

}
