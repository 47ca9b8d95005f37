package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Runs every scenario of docs/benchmarks.md in one run, the tools interleaved (their order
 * rotates every round) so that a noisy neighbour hurts all of them alike:
 * <ol>
 * <li>APPLY: N generated migrations into an empty database (timed around the call, the pool
 * already started);</li>
 * <li>NOOP cold: the same database, nothing pending, in a fresh JVM: the call timed inside the
 * child, the whole process outside, and the child's peak RSS;</li>
 * <li>NOOP warm: the same call repeated in this (warm) JVM;</li>
 * <li>ENDPOINT: with the largest N, {@code /actuator/migrations}' response built and serialised
 * (the whole list, the default first page, a state filter; ratio to the whole list)
 * as JSON;</li>
 * <li>TEMPLATE (option {@code template=N}, PostgreSQL): a migrated database for a test class,
 * copied from {@code migrations-test}'s template against migrated on its own ({@link TemplateRun}).</li>
 * </ol>
 * Prints min / median / max per tool and the ratio of medians to raw JDBC (APPLY) or Flyway
 * (NOOP). Arguments: {@code full} (default) or {@code quick}, then optional overrides
 * {@code database=mariadb sizes=100,1000 rounds=5,3 warm=3 tools=raw,migrations,flyway} (the
 * server, PostgreSQL by default; rounds per size, the last value repeating).
 */
public final class MigrationBenchmarks {

	/**
	 * Above this N only raw JDBC, the server floor and the default mode run: Flyway and Liquibase
	 * take minutes per round, and group mode's one transaction holds a lock on every table it
	 * creates, which a default server's lock table ({@code max_locks_per_transaction} 64 times
	 * {@code max_connections} 100) runs out of after about 5,500 of these migrations.
	 */
	private static final int OURS_ONLY_ABOVE = 5_000;

	private static final int WARM_UP_SIZE = 300;

	private static final int WARM_UP_NOOPS = 10;

	/** NOOP calls before the timed ones in each round (the JVM has just applied the same tool). */
	private static final int UNTIMED_NOOPS = 2;

	private final List<Integer> sizes;

	private final List<Integer> rounds;

	private final int warmRepeats;

	private final List<String> toolNames;

	private final int startupSize;

	private final int templateSize;

	private final Samples samples = new Samples();

	private MigrationBenchmarks(List<Integer> sizes, List<Integer> rounds, int warmRepeats, List<String> toolNames,
			int startupSize, int templateSize) {
		this.startupSize = startupSize;
		this.templateSize = templateSize;
		this.sizes = sizes;
		this.rounds = rounds;
		this.warmRepeats = warmRepeats;
		this.toolNames = toolNames;
	}

	public static void main(String[] args) throws Exception {
		LiquibaseTool.quiet();
		Map<String, String> options = new LinkedHashMap<>();
		List<String> words = new ArrayList<>();
		for (String arg : args) {
			words.addAll(Arrays.asList(arg.trim().split("\\s+")));
		}
		boolean quick = words.contains("quick");
		for (String word : words) {
			if (word.contains("=")) {
				options.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
			}
		}
		Databases.use(Server.named(options.getOrDefault("database", "postgres")));
		List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", quick ? "100,1000" : "100,1000,5000,10000")
			.split(",")).map(Integer::parseInt).toList();
		// per size (the last value repeats): the large sizes take minutes per round for some tools
		List<Integer> rounds = Arrays.stream(options.getOrDefault("rounds", quick ? "2" : "5,5,3,3").split(","))
			.map(Integer::parseInt)
			.toList();
		int warm = Integer.parseInt(options.getOrDefault("warm", quick ? "2" : "3"));
		List<String> tools = Arrays.asList(options.getOrDefault("tools", "raw,floor,migrations,migrations-group,flyway,liquibase").split(","));
		// the Spring Boot start with N applied, nothing pending; startup=0 leaves it out
		int startup = Integer.parseInt(options.getOrDefault("startup", quick ? "0" : "1000"));
		// a migrated database for a test class from migrations-test's template; template=0 leaves it out
		int template = Integer.parseInt(options.getOrDefault("template",
				(quick || Databases.server() != Server.POSTGRES) ? "0" : "1000"));
		new MigrationBenchmarks(sizes, rounds, warm, tools, startup, template).run(quick ? "quick" : "full");
	}

	private void run(String mode) throws Exception {
		String load = Environment.loadAverage();
		Instant started = Instant.now();
		Environment.print(mode, this.sizes, this.rounds, this.warmRepeats);
		warmUp();
		for (int s = 0; s < this.sizes.size(); s++) {
			int n = this.sizes.get(s);
			int rounds = this.rounds.get(Math.min(s, this.rounds.size() - 1));
			List<Tool> tools = this.toolNames.stream()
				.map(Tool::named)
				.filter((tool) -> n <= OURS_ONLY_ABOVE || tool.name().equals(RawJdbcTool.NAME)
						|| tool.name().equals(ServerFloorTool.NAME)
						|| tool.name().equals(MigrationsTool.NAME))
				.toList();
			Map<String, Path> dirs = write(tools, n);
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < tools.size(); i++) {
					Tool tool = tools.get((round + i) % tools.size());
					measure(tool, n, dirs.get(tool.name()), n == this.sizes.get(this.sizes.size() - 1));
				}
				System.out.printf("  N=%,d round %d of %d done (load %s), APPLY %s%n", n, round + 1, rounds,
						Environment.loadAverage(), lastApply(n));
			}
			for (Path dir : dirs.values()) {
				deleteTree(dir);
			}
		}
		if (this.startupSize > 0) {
			measureStartup(this.startupSize);
		}
		if (this.templateSize > 0) {
			measureTemplate(this.templateSize);
		}
		Report.print(this.samples, started, load, Environment.loadAverage());
	}

	/**
	 * Each tool's APPLY time in the round just finished, so that rounds can be compared pairwise.
	 */
	private String lastApply(int n) {
		return this.samples.all().get(Report.APPLY).get(n).entrySet().stream()
			.map((tool) -> String.format("%s %,.0f ms", tool.getKey(), tool.getValue().get(tool.getValue().size() - 1)))
			.collect(Collectors.joining(", "));
	}

	/**
	 * Every tool's code compiled before the first measurement: a small APPLY and a few NOOPs each.
	 */
	private void warmUp() throws Exception {
		List<Tool> tools = this.toolNames.stream().map(Tool::named).toList();
		Map<String, Path> dirs = write(tools, WARM_UP_SIZE);
		for (Tool tool : tools) {
			String database = Databases.create();
			try (HikariDataSource dataSource = Databases.pool(database)) {
				tool.migrate(dataSource, dirs.get(tool.name()));
				for (int i = 0; tool.hasNoop() && i < WARM_UP_NOOPS; i++) {
					tool.migrate(dataSource, dirs.get(tool.name()));
				}
			}
			finally {
				Databases.drop(database);
			}
		}
		for (Path dir : dirs.values()) {
			deleteTree(dir);
		}
	}

	private void measureStartup(int n) throws Exception {
		Tool ours = Tool.named(MigrationsTool.NAME);
		Map<String, Path> dirs = write(List.of(ours), n);
		String database = Databases.create();
		try {
			try (HikariDataSource dataSource = Databases.pool(database)) {
				ours.migrate(dataSource, dirs.get(ours.name()));
			}
			StartupRun.Result result = StartupRun.measure(database, dirs.get(ours.name()), 5, 3 * this.warmRepeats);
			result.with().forEach((ms) -> this.samples.add(Report.STARTUP, n, Report.WITH_STARTER, ms));
			result.without().forEach((ms) -> this.samples.add(Report.STARTUP, n, Report.WITHOUT_STARTER, ms));
			System.out.printf("  Spring Boot start with N=%,d applied done (load %s)%n", n, Environment.loadAverage());
		}
		finally {
			Databases.drop(database);
			deleteTree(dirs.get(ours.name()));
		}
	}

	private void measureTemplate(int n) throws Exception {
		Tool ours = Tool.named(MigrationsTool.NAME);
		Map<String, Path> dirs = write(List.of(ours), n);
		try {
			TemplateRun.measure(this.samples, n, dirs.get(ours.name()), Math.max(5, this.rounds.get(0)));
		}
		finally {
			deleteTree(dirs.get(ours.name()));
		}
	}

	private static Map<String, Path> write(List<Tool> tools, int n) throws IOException {
		List<Workload.Migration> migrations = Workload.generate(n, Databases.server());
		Map<String, Path> dirs = new LinkedHashMap<>();
		for (Tool tool : tools) {
			Path dir = Files.createTempDirectory("bench-" + tool.name().replace(' ', '-') + "-" + n + "-");
			tool.write(migrations, dir);
			dirs.put(tool.name(), dir);
		}
		return dirs;
	}

	private void measure(Tool tool, int n, Path dir, boolean largest) throws Exception {
		String database = Databases.create();
		try {
			try (HikariDataSource dataSource = Databases.pool(database)) {
				long started = System.nanoTime();
				int applied = tool.migrate(dataSource, dir);
				this.samples.add(Report.APPLY, n, tool.name(), millis(started));
				if (applied >= 0 && applied != n) {
					throw new IllegalStateException(tool.name() + " applied " + applied + " of " + n + " migrations");
				}
				checkApplied(dataSource, n);
			}
			if (!tool.hasNoop()) {
				return;
			}
			ChildRun.Result cold = ChildRun.noop(tool, database, dir);
			this.samples.add(Report.NOOP_COLD, n, tool.name(), cold.callMillis());
			this.samples.add(Report.NOOP_PROCESS, n, tool.name(), cold.processMillis());
			this.samples.add(Report.NOOP_RSS, n, tool.name(), cold.peakRssMiB());
			try (HikariDataSource dataSource = Databases.pool(database)) {
				for (int i = 0; i < UNTIMED_NOOPS; i++) {
					tool.migrate(dataSource, dir);
				}
				for (int i = 0; i < this.warmRepeats; i++) {
					long started = System.nanoTime();
					int applied = tool.migrate(dataSource, dir);
					this.samples.add(Report.NOOP_WARM, n, tool.name(), millis(started));
					if (applied > 0) {
						throw new IllegalStateException(tool.name() + " applied " + applied + " in a NOOP run");
					}
				}
				if (largest && tool.name().equals(MigrationsTool.NAME)) {
					EndpointRun.measure(dataSource, dir, n, this.endpointRepeats())
						.forEach((variant, values) -> values
							.forEach((ms) -> this.samples.add(Report.ENDPOINT, n, variant, ms)));
				}
			}
		}
		finally {
			Databases.drop(database);
		}
	}

	// the endpoint's calls take milliseconds: more samples than the NOOP runs, for a steadier median
	private int endpointRepeats() {
		return Math.max(20, this.warmRepeats);
	}

	/**
	 * A benchmark that measures nothing is worse than none: every run must leave all N
	 * migrations' effects (every third one inserts three rows).
	 */
	private static void checkApplied(HikariDataSource dataSource, int n) throws SQLException {
		int tables = (n + 2) / 3;
		try (Connection connection = dataSource.getConnection()) {
			int found = Databases.server().countTables(connection);
			if (found != tables) {
				throw new IllegalStateException("Expected " + tables + " tables, found " + found);
			}
		}
		if (n % 3 == 0) {
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("SELECT count(*) FROM bench_" + tables)) {
				rs.next();
				if (rs.getInt(1) != 3) {
					throw new IllegalStateException("The last migration's rows are missing");
				}
			}
		}
	}

	private static double millis(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000.0;
	}

	private static void deleteTree(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
				Files.delete(path);
			}
		}
	}

}
