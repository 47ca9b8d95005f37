package io.github.migrations.autoconfigure.quiet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts {@link QuietJpaApplication} in a JVM of its own, on the test class path or on that class
 * path without Actuator and Micrometer: only a class path without those jars shows what an
 * application without them logs (a filtering class loader does not, since the auto-configuration
 * classes would still see the jars through their own loader).
 */
final class QuietStart {

	/** Every log line starts with its level. */
	private static final String PATTERN = "LEVEL=%level %logger - %msg%n";

	private static final Pattern WARNING = Pattern.compile("^(LEVEL=(WARN|ERROR)|WARN|WARNING|ERROR)\\b.*");

	/** Jars of Actuator and Micrometer's metrics, which a plain JPA application does not have. */
	private static final List<String> ACTUATOR_AND_MICROMETER = List.of("spring-boot-actuator", "spring-boot-health",
			"spring-boot-micrometer-", "micrometer-core", "micrometer-registry-", "micrometer-observation-test",
			"HdrHistogram", "LatencyUtils", "prometheus");

	private QuietStart() {
	}

	/**
	 * The class path variants a test runs on.
	 */
	enum ClassPath {

		WITH_ACTUATOR_AND_MICROMETER, WITHOUT_ACTUATOR_AND_MICROMETER;

		String entries() {
			String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
			if (this == WITH_ACTUATOR_AND_MICROMETER) {
				return full;
			}
			return Arrays.stream(full.split(File.pathSeparator))
				.filter((entry) -> ACTUATOR_AND_MICROMETER.stream()
					.noneMatch((jar) -> Path.of(entry).getFileName().toString().startsWith(jar)))
				.collect(Collectors.joining(File.pathSeparator));
		}

	}

	/**
	 * Starts the application once, to its end, and returns what it printed.
	 * @param arguments its command line ({@code --property=value})
	 */
	static Output run(ClassPath classPath, List<String> arguments) throws IOException, InterruptedException {
		// the quick compiler only and the serial collector, as for a short-lived tool: the start's
		// log is the same, and each start takes about a quarter less
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath.entries(), QuietJpaApplication.class.getName(), "--spring.main.web-application-type=none",
				"--spring.jpa.hibernate.ddl-auto=validate", "--migrations.locations=classpath:db/quiet",
				"--logging.pattern.console=" + PATTERN, "--spring.main.banner-mode=off"));
		command.addAll(arguments);
		Path log = Files.createTempFile("quiet-start", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("The application did not stop within 3 minutes:\n" + Files.readString(log));
			}
			return new Output(process.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/**
	 * What one start printed.
	 */
	record Output(int exitCode, List<String> lines) {

		List<String> warnings() {
			return this.lines.stream().filter((line) -> WARNING.matcher(line).matches()).toList();
		}

		/**
		 * The application started, read the migrated table and logged no WARN and no ERROR line.
		 */
		void assertQuietStart(long customers) {
			String all = String.join("\n", this.lines);
			assertThat(this.exitCode).as(all).isZero();
			assertThat(this.lines).as(all).contains(QuietJpaApplication.STARTED + customers);
			assertThat(warnings()).as(all).isEmpty();
		}

		boolean mentions(String text) {
			return this.lines.stream().anyMatch((line) -> line.contains(text));
		}

	}

}
