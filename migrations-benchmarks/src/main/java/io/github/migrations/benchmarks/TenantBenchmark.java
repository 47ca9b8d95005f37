package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The tenants' scale targets of docs/benchmarks.md, on PostgreSQL, in one run:
 * <ol>
 * <li>APPLY: {@code tenants} empty schemas × {@code migrations} migrations, this project's
 * {@code Tenants} with {@code parallelism} against a loop of Flyway over the same schemas, each
 * in a fresh database, their order alternating each round;</li>
 * <li>RESTART: the same tenants, all up to date, migrated again in a fresh JVM (the call timed
 * inside, the whole process outside, peak RSS), both tools interleaved;</li>
 * <li>RESTART at {@code large} tenants, ours alone: the schemas hold the history of a migrated
 * tenant (copied by SQL, which is what an up-to-date restart reads), not its tables.</li>
 * </ol>
 * Arguments (all optional): {@code tenants=1000 migrations=20 parallelism=4 rounds=1 restarts=3
 * large=10000}; {@code large=0} leaves the last part out, {@code compare=0} runs only the last part
 * (no Flyway: a quick look, not a target).
 */
public final class TenantBenchmark {

	private final Map<String, String> options;

	private final List<String> lines = new ArrayList<>();

	private TenantBenchmark(Map<String, String> options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : String.join(" ", args).trim().split("\\s+")) {
			if (arg.contains("=")) {
				options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		new TenantBenchmark(options).run();
	}

	static List<String> tenants(int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> String.format("tenant_%05d", i)).toList();
	}

	private int option(String name, int fallback) {
		return Integer.parseInt(this.options.getOrDefault(name, String.valueOf(fallback)));
	}

	private void run() throws Exception {
		int count = option("tenants", 1000);
		int migrations = option("migrations", 20);
		int parallelism = option("parallelism", 4);
		int rounds = option("rounds", 1);
		int restarts = option("restarts", 3);
		int large = option("large", 10000);
		print("Tenant benchmark: %,d tenants x %d migrations, parallelism %d, %d APPLY round(s), %d restart(s); "
				+ "load %s; %s", count, migrations, parallelism, rounds, restarts, Environment.loadAverage(),
				Runtime.version());
		List<Workload.Migration> workload = Workload.generate(migrations, Server.POSTGRES);
		Path ours = Files.createTempDirectory("bench-tenants-ours-");
		new MigrationsTool().write(workload, ours);
		Path flyway = Files.createTempDirectory("bench-tenants-flyway-");
		new FlywayTool().write(workload, flyway);
		Map<String, Path> dirs = Map.of(TenantTools.OURS, ours, TenantTools.FLYWAY, flyway);
		List<String> tenants = tenants(count);
		Map<String, List<Double>> apply = new LinkedHashMap<>();
		Map<String, String> kept = new LinkedHashMap<>();
		if (option("compare", 1) == 0) {
			// the restart of "large" tenants alone, no comparison with Flyway (a quick look)
			large(large, ours, parallelism, restarts);
			print("Done; load %s", Environment.loadAverage());
			return;
		}
		try {
			for (int round = 0; round < rounds; round++) {
				List<String> order = (round % 2 == 0) ? List.of(TenantTools.OURS, TenantTools.FLYWAY)
						: List.of(TenantTools.FLYWAY, TenantTools.OURS);
				for (String tool : order) {
					String database = Databases.create();
					try (HikariDataSource pool = Databases.pool(database, parallelism * 2 + 1)) {
						long started = System.nanoTime();
						int applied = TenantTools.migrate(tool, pool, dirs.get(tool), tenants, parallelism);
						double ms = (System.nanoTime() - started) / 1e6;
						if (applied != count * migrations) {
							throw new IllegalStateException(tool + " applied " + applied + " of " + count * migrations);
						}
						apply.computeIfAbsent(tool, (k) -> new ArrayList<>()).add(ms);
						print("  APPLY %s: %,.0f ms (load %s)", tool, ms, Environment.loadAverage());
					}
					String previous = kept.put(tool, database);
					if (previous != null) {
						Databases.drop(previous);
					}
				}
			}
			print("APPLY %,d tenants x %d: migrations %,.0f ms, %s %,.0f ms: ratio %.3f", count, migrations,
					median(apply.get(TenantTools.OURS)), TenantTools.FLYWAY, median(apply.get(TenantTools.FLYWAY)),
					median(apply.get(TenantTools.OURS)) / median(apply.get(TenantTools.FLYWAY)));
			Map<String, List<double[]>> restart = new LinkedHashMap<>();
			for (int round = 0; round < restarts; round++) {
				for (String tool : (round % 2 == 0) ? List.of(TenantTools.OURS, TenantTools.FLYWAY)
						: List.of(TenantTools.FLYWAY, TenantTools.OURS)) {
					double[] result = child(tool, kept.get(tool), dirs.get(tool), count, parallelism);
					restart.computeIfAbsent(tool, (k) -> new ArrayList<>()).add(result);
					print("  RESTART %s: call %,.0f ms, process %,.0f ms, peak RSS %,.0f MiB (load %s)", tool, result[0],
							result[1], result[2], Environment.loadAverage());
				}
			}
			double oursCall = median(restart.get(TenantTools.OURS).stream().map((r) -> r[0]).toList());
			double flywayCall = median(restart.get(TenantTools.FLYWAY).stream().map((r) -> r[0]).toList());
			print("RESTART %,d tenants up to date (fresh JVM, median call): migrations %,.0f ms, %s %,.0f ms: ratio %.3f",
					count, oursCall, TenantTools.FLYWAY, flywayCall, oursCall / flywayCall);
		}
		finally {
			for (String database : kept.values()) {
				Databases.drop(database);
			}
		}
		if (large > 0) {
			large(large, ours, parallelism, restarts);
		}
		print("Done; load %s", Environment.loadAverage());
		Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "tenant-benchmark.txt"),
				String.join("\n", this.lines) + "\n", StandardCharsets.UTF_8);
	}

	/**
	 * {@code count} tenants up to date, made cheaply: one tenant migrated, then every other
	 * schema given a copy of its history in batches.
	 */
	private void large(int count, Path ours, int parallelism, int restarts) throws Exception {
		String database = Databases.create();
		try {
			long started = System.nanoTime();
			try (HikariDataSource pool = Databases.pool(database, parallelism * 2 + 1)) {
				TenantTools.migrate(TenantTools.OURS, pool, ours, List.of("template"), 1);
				List<String> tenants = tenants(count);
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					for (int from = 0; from < count; from += 500) {
						StringBuilder block = new StringBuilder("DO $$ BEGIN\n");
						for (String tenant : tenants.subList(from, Math.min(count, from + 500))) {
							block.append("CREATE SCHEMA ").append(tenant).append(";\n")
								.append("CREATE TABLE ").append(tenant)
								.append(".schema_migrations (LIKE template.schema_migrations INCLUDING ALL);\n")
								.append("INSERT INTO ").append(tenant)
								.append(".schema_migrations SELECT * FROM template.schema_migrations;\n");
						}
						statement.execute(block.append("END $$").toString());
					}
				}
			}
			print("  %,d tenants' histories made in %,.0f ms", count, (System.nanoTime() - started) / 1e6);
			List<Double> calls = new ArrayList<>();
			for (int round = 0; round < restarts; round++) {
				double[] result = child(TenantTools.OURS, database, ours, count, parallelism);
				calls.add(result[0]);
				print("  RESTART %,d tenants: call %,.0f ms, process %,.0f ms, peak RSS %,.0f MiB (load %s)", count,
						result[0], result[1], result[2], Environment.loadAverage());
			}
			print("RESTART %,d tenants up to date (fresh JVM, median call): %,.0f ms", count, median(calls));
		}
		finally {
			Databases.drop(database);
		}
	}

	/**
	 * A NOOP run of every tenant in a fresh JVM.
	 * @return the call and the process in milliseconds, and the peak RSS in MiB
	 */
	private static double[] child(String tool, String database, Path dir, int count, int parallelism)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), TenantNoopChild.class.getName(), tool, database,
				dir.toString(), String.valueOf(count), String.valueOf(parallelism)));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("REDGATE_DISABLE_TELEMETRY", "true");
		long started = System.nanoTime();
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int exit = process.waitFor();
		double processMs = (System.nanoTime() - started) / 1e6;
		if (exit != 0) {
			throw new IllegalStateException(tool + " restart failed (exit " + exit + "):\n" + out);
		}
		for (String line : out.split("\n")) {
			if (line.startsWith(TenantNoopChild.RESULT + " ")) {
				String[] parts = line.trim().split(" ");
				return new double[] { Long.parseLong(parts[1]) / 1000.0, processMs, Long.parseLong(parts[2]) / 1024.0 };
			}
		}
		throw new IllegalStateException(tool + " restart printed no result:\n" + out);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private void print(String format, Object... args) {
		String line = String.format(Locale.ROOT, format, args);
		System.out.println(line);
		this.lines.add(line);
	}

}
