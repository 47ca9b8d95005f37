package io.github.migrations.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes migration files into a directory, for tests that need a {@code filesystem:} location.
 */
public final class MigrationFiles {

	private final Path directory;

	public MigrationFiles(Path directory) {
		this.directory = directory;
	}

	/**
	 * The {@code i}-th of a run of 14-digit timestamp versions, for generated migrations.
	 */
	public static String version(int i) {
		return String.valueOf(20240101000000L + i);
	}

	/**
	 * The location to configure: {@code filesystem:<dir>}.
	 */
	public String location() {
		return "filesystem:" + this.directory.toAbsolutePath();
	}

	public Path directory() {
		return this.directory;
	}

	/**
	 * Writes {@code <fileName>} with the given text.
	 */
	public Path write(String fileName, String content) {
		try {
			Path file = this.directory.resolve(fileName);
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes a migration with an Up and a Down section.
	 */
	public Path migration(String fileName, String up, String down) {
		return write(fileName, "-- +migrate Up\n" + up + "\n\n-- +migrate Down\n" + down + "\n");
	}

	public void delete(String fileName) {
		try {
			Files.delete(this.directory.resolve(fileName));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
