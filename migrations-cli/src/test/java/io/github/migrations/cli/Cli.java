package io.github.migrations.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Runs the command line in this process on a project directory and captures what it prints.
 */
final class Cli {

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

	private final Path project;

	Cli(Path project) {
		this.project = project;
	}

	Path project() {
		return this.project;
	}

	/** Writes a file of the project, e.g. {@code src/main/resources/application.yml}. */
	Path write(String relativePath, String content) {
		Path file = this.project.resolve(relativePath);
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes a migration into the project's {@code src/main/resources/db/migration}. */
	Path migration(String fileName, String up, String down) {
		return write("src/main/resources/db/migration/" + fileName,
				"-- +migrate Up\n" + up + "\n-- +migrate Down\n" + down + "\n");
	}

	Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] withProject = new String[args.length + 1];
		System.arraycopy(args, 0, withProject, 0, args.length);
		withProject[args.length] = "--project-dir=" + this.project;
		// subcommand options follow the subcommand; with no subcommand the flag is an unknown option
		String[] effective = (args.length == 0 || args[0].startsWith("-") || args[0].equals("generate-completion"))
				? args : withProject;
		int exit = new MigrationsCli(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), false, CLOCK)
			.execute(effective);
		return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String out, String err) {
	}

}
