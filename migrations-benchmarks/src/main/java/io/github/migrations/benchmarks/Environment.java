package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the figures depend on: machine, JVM, server and its durability settings.
 */
final class Environment {

	private Environment() {
	}

	static void print(String mode, List<Integer> sizes, List<Integer> rounds, int warm) throws SQLException {
		System.out.printf("mode %s: N = %s, rounds %s (tools interleaved), NOOP warm timed %d times per round%n",
				mode, sizes, rounds, warm);
		System.out.printf("machine: %d cores (%s), %s RAM, %s %s%n", Runtime.getRuntime().availableProcessors(),
				cpuModel(), memory(), System.getProperty("os.name"), System.getProperty("os.version"));
		System.out.printf("JVM: %s %s (%s); children: default options%s%n", System.getProperty("java.vm.name"),
				System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
				System.getProperty("benchmark.childJvmArgs", "").isBlank() ? ""
						: " + " + System.getProperty("benchmark.childJvmArgs"));
		try (Connection c = Databases.admin()) {
			System.out.printf("server: %s%n", Databases.server().describe(c));
		}
		System.out.printf("load average at start: %s%n%n", loadAverage());
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		return grep("/proc/cpuinfo", "model name");
	}

	private static String memory() {
		String total = grep("/proc/meminfo", "MemTotal");
		try {
			return String.format("%.1f GiB", Long.parseLong(total.replace("kB", "").trim()) / 1024.0 / 1024.0);
		}
		catch (NumberFormatException ex) {
			return total;
		}
	}

	private static String grep(String file, String key) {
		try {
			for (String line : Files.readAllLines(Path.of(file))) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux: leave it out
		}
		return "unknown";
	}

}
