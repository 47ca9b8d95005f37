package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link NoopChild} in a fresh JVM (same JDK, same class path, default JVM options) and
 * reads its result.
 */
final class ChildRun {

	private ChildRun() {
	}

	record Result(double callMillis, double processMillis, double peakRssMiB) {
	}

	static Result noop(Tool tool, String database, Path dir) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(System.getProperty("benchmark.childJvmArgs", "").split(" ")).stream()
			.filter((arg) -> !arg.isBlank())
			.toList());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), NoopChild.class.getName(), tool.name(),
				database, dir.toString(), Databases.server().name()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("REDGATE_DISABLE_TELEMETRY", "true");
		long started = System.nanoTime();
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		int exit = process.waitFor();
		double processMillis = (System.nanoTime() - started) / 1_000_000.0;
		String text = new String(output, StandardCharsets.UTF_8);
		if (exit != 0) {
			throw new IllegalStateException(tool.name() + " NOOP child failed (exit " + exit + "):\n" + text);
		}
		for (String line : text.split("\n")) {
			if (line.startsWith(NoopChild.RESULT + " ")) {
				String[] parts = line.trim().split(" ");
				return new Result(Long.parseLong(parts[1]) / 1000.0, processMillis, Long.parseLong(parts[2]) / 1024.0);
			}
		}
		throw new IllegalStateException(tool.name() + " NOOP child printed no result:\n" + text);
	}

}
