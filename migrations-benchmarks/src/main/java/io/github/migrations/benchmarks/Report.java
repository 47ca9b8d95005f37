package io.github.migrations.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tables: min / median / max per tool and size, and each tool's ratio of medians to the
 * reference (raw JDBC for APPLY, Flyway for the NOOP scenarios), then the same as Markdown for
 * docs/benchmarks.md.
 */
final class Report {

	static final String APPLY = "APPLY to an empty database (ms)";

	static final String NOOP_COLD = "NOOP, fresh JVM: the call (ms)";

	static final String NOOP_PROCESS = "NOOP, fresh JVM: the whole process (ms)";

	static final String NOOP_WARM = "NOOP, warm JVM (ms)";

	static final String NOOP_RSS = "NOOP, fresh JVM: peak RSS (MiB)";

	static final String ENDPOINT = "/actuator/migrations: status() + descriptors + JSON (ms)";

	static final String STARTUP = "Spring Boot start, nothing pending, warm JVM (ms)";

	static final String TEMPLATE = "A migrated database for a test class, migrations-test (ms)";

	static final String WITH_STARTER = "app with the starter";

	static final String WITHOUT_STARTER = "same app without it";

	private Report() {
	}

	static void print(Samples samples, Instant started, String loadBefore, String loadAfter) {
		System.out.println();
		System.out.printf("Finished %s, took %d s; load average at start %s, at end %s%n", Instant.now(),
				Duration.between(started, Instant.now()).toSeconds(), loadBefore, loadAfter);
		for (var scenario : samples.all().entrySet()) {
			String reference = reference(scenario.getKey());
			System.out.println();
			System.out.println(scenario.getKey() + ((reference != null) ? ", ratio to " + reference : ""));
			for (var size : scenario.getValue().entrySet()) {
				List<Double> ref = (reference != null) ? size.getValue().get(reference) : null;
				for (var tool : size.getValue().entrySet()) {
					List<Double> values = tool.getValue();
					System.out.printf("  N=%-6d %-20s %10s / %10s / %10s  %s%n", size.getKey(), tool.getKey(),
							format(Samples.min(values)), format(Samples.median(values)), format(Samples.max(values)),
							(ref != null) ? String.format("%.2fx", Samples.median(values) / Samples.median(ref)) : "");
				}
				if (scenario.getKey().equals(STARTUP) && size.getValue().containsKey(WITH_STARTER)) {
					System.out.printf("  the starter adds %.1f ms (difference of medians)%n",
							Samples.median(size.getValue().get(WITH_STARTER)) - Samples.median(ref));
				}
			}
		}
		System.out.println();
		System.out.println("Markdown (median, ratio to the reference in parentheses; n = samples):");
		for (var scenario : samples.all().entrySet()) {
			markdown(scenario.getKey(), scenario.getValue());
		}
	}

	private static void markdown(String scenario, Map<Integer, Map<String, List<Double>>> bySize) {
		String reference = reference(scenario);
		System.out.println();
		System.out.println("**" + scenario + "**" + ((reference != null) ? " — ratio to " + reference : ""));
		System.out.println();
		System.out.println("| N | tool | min | median | max | ratio | n |");
		System.out.println("|---:|---|---:|---:|---:|---:|---:|");
		for (var size : bySize.entrySet()) {
			List<Double> ref = (reference != null) ? size.getValue().get(reference) : null;
			for (var tool : size.getValue().entrySet()) {
				List<Double> values = tool.getValue();
				System.out.printf("| %,d | %s | %s | %s | %s | %s | %d |%n", size.getKey(), tool.getKey(),
						format(Samples.min(values)), format(Samples.median(values)), format(Samples.max(values)),
						(ref != null) ? String.format("%.2f×", Samples.median(values) / Samples.median(ref)) : "—",
						values.size());
			}
		}
	}

	private static String reference(String scenario) {
		if (scenario.equals(APPLY)) {
			return RawJdbcTool.NAME;
		}
		if (scenario.equals(STARTUP)) {
			return WITHOUT_STARTER;
		}
		if (scenario.equals(TEMPLATE)) {
			return TemplateRun.MIGRATED;
		}
		return scenario.equals(ENDPOINT) ? EndpointRun.FULL : FlywayTool.NAME;
	}

	private static String format(double value) {
		return (value >= 100) ? String.format("%,.0f", value) : String.format("%.1f", value);
	}

}
