package io.github.migrations.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs of Debian's packages ({@code /usr/lib/postgresql/<n>/bin}), run
 * as the {@code postgres} user when the tests run as root: what the tests that start servers of
 * their own ({@link PrivatePostgres}, {@link ReplicatedPostgres}) share, with what any server a
 * test starts needs (a free port: {@link PgBouncer}, {@link PerformanceSchemaMariaDb} too).
 */
final class PostgresTools {

	private PostgresTools() {
	}

	/**
	 * The newest version's {@code bin} directory that has every one of {@code tools}.
	 * @param purpose what the tests need them for, for the message when they are missing
	 */
	static Path binaries(String purpose, String... tools) throws IOException {
		Path root = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(root)) {
			try (Stream<Path> versions = Files.list(root)) {
				Path found = versions.map((v) -> v.resolve("bin"))
					.filter((bin) -> Arrays.stream(tools).allMatch((tool) -> Files.isExecutable(bin.resolve(tool))))
					.max(Comparator.comparing((bin) -> bin.getParent().getFileName().toString(),
							Comparator.comparingInt((String name) -> name.matches("\\d+") ? Integer.parseInt(name) : 0)))
					.orElse(null);
				if (found != null) {
					return found;
				}
			}
		}
		throw new IllegalStateException("No PostgreSQL server binaries (" + String.join(", ", tools)
				+ ") under /usr/lib/postgresql/<n>/bin: install the Debian package postgresql (bash .ci/run does "
				+ "this) to run the tests " + purpose);
	}

	/**
	 * Runs a server program as {@code postgres} (through {@code runuser} when the tests run as root).
	 */
	static void asPostgres(List<String> command) throws Exception {
		List<String> full = new ArrayList<>();
		if (asRoot()) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		run(full);
	}

	/**
	 * Gives a directory made by the tests to {@code postgres}, when they run as root.
	 */
	static void chownToPostgres(Path path) throws Exception {
		if (asRoot()) {
			run(List.of("chown", "postgres:postgres", path.toString()));
		}
	}

	/**
	 * Runs a command, failing with its output when it fails or takes over a minute.
	 */
	static void run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + output);
		}
	}

	/**
	 * A TCP port nothing listens on right now, for a server a test starts.
	 */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean asRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

}
