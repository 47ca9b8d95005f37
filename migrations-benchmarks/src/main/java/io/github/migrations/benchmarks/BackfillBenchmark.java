package io.github.migrations.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.backfill.Backfill;

/**
 * BACKFILL: one table of N rows (default 1,000,000) in a fresh PostgreSQL database; each round
 * adds one to every row's counter once with a single plain {@code UPDATE} (one statement, one
 * transaction) and once per batch size with a {@link Backfill} run by the Migrator in a Java
 * migration (keyset batches, one fenced transaction per batch with its progress row, no pause),
 * in alternating order. After every run the counters are checked (every row changed exactly once)
 * and the table is vacuumed and checkpointed outside the timing, so that every run starts from
 * the same state. Prints min/median/max rows per second and the ratio of the medians. Arguments:
 * {@code N rounds batchSizes} (default {@code 1000000 3 1000,10000}); server from
 * {@code BENCH_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/}), user postgres.
 */
public final class BackfillBenchmark {

	private static final String SERVER = System.getenv().getOrDefault("BENCH_PG_URL",
			"jdbc:postgresql://127.0.0.1:5432/");

	private static int expected;

	private BackfillBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> words = new ArrayList<>();
		for (String arg : args) {
			words.addAll(Arrays.asList(arg.trim().split("\\s+")));
		}
		int n = words.isEmpty() ? 1_000_000 : Integer.parseInt(words.get(0));
		int rounds = (words.size() > 1) ? Integer.parseInt(words.get(1)) : 3;
		List<Integer> batchSizes = Arrays.stream(((words.size() > 2) ? words.get(2) : "1000,10000").split(","))
			.map(Integer::parseInt)
			.toList();
		printEnvironment(n, rounds, batchSizes);
		String db = createDatabase();
		HikariConfig hikari = new HikariConfig();
		hikari.setJdbcUrl(SERVER + db);
		hikari.setUsername("postgres");
		hikari.setMaximumPoolSize(4);
		try (HikariDataSource dataSource = new HikariDataSource(hikari)) {
			fill(dataSource, n);
			int[] version = { 0 };
			Map<String, List<Long>> millis = new LinkedHashMap<>();
			millis.put("plain UPDATE", new ArrayList<>());
			batchSizes.forEach((size) -> millis.put("backfill batch " + size, new ArrayList<>()));
			// warm-up: one of each on a part of the table is not representative; a full plain
			// UPDATE and a full backfill of the first size, untimed
			plainUpdate(dataSource, n);
			backfill(dataSource, n, batchSizes.get(0), ++version[0]);
			for (int round = 0; round < rounds; round++) {
				List<String> order = new ArrayList<>(millis.keySet());
				if (round % 2 == 1) {
					Collections.reverse(order);
				}
				StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
				for (String what : order) {
					long took = what.equals("plain UPDATE") ? plainUpdate(dataSource, n)
							: backfill(dataSource, n, Integer.parseInt(what.substring("backfill batch ".length())),
									++version[0]);
					millis.get(what).add(took);
					line.append(String.format(" %s %,d ms (%,d rows/s);", what, took, rowsPerSecond(n, took)));
				}
				System.out.println(line);
			}
			System.out.println();
			System.out.printf("BACKFILL %,d rows, %d rounds (rows per second, min / median / max):%n", n, rounds);
			long plain = median(millis.get("plain UPDATE"));
			for (Map.Entry<String, List<Long>> entry : millis.entrySet()) {
				List<Long> values = entry.getValue();
				System.out.printf("  %-22s %,d / %,d / %,d rows/s (median %,d ms)%n", entry.getKey(),
						rowsPerSecond(n, Collections.max(values)), rowsPerSecond(n, median(values)),
						rowsPerSecond(n, Collections.min(values)), median(values));
			}
			for (int size : batchSizes) {
				long ours = median(millis.get("backfill batch " + size));
				System.out.printf("  ratio of medians, plain UPDATE rows/s / backfill (batch %d) rows/s = %.2fx%n", size,
						(double) ours / plain);
			}
		}
		finally {
			dropDatabase(db);
		}
	}

	private static void fill(HikariDataSource dataSource, int n) throws SQLException {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE items (id bigint PRIMARY KEY, counter int NOT NULL DEFAULT 0, "
					+ "payload text NOT NULL)");
			s.execute("INSERT INTO items (id, payload) SELECT g, repeat(md5(g::text), 2) FROM generate_series(1, " + n
					+ ") g");
			s.execute("VACUUM ANALYZE items");
		}
	}

	private static long plainUpdate(HikariDataSource dataSource, int n) throws SQLException {
		long took;
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			long started = System.nanoTime();
			int updated = s.executeUpdate("UPDATE items SET counter = counter + 1");
			took = (System.nanoTime() - started) / 1_000_000;
			if (updated != n) {
				throw new IllegalStateException("UPDATE changed " + updated + " rows, not " + n);
			}
		}
		settle(dataSource, n);
		return took;
	}

	private static long backfill(HikariDataSource dataSource, int n, int batchSize, int version) throws SQLException {
		JavaMigration migration = new JavaMigration() {

			@Override
			public MigrationVersion getVersion() {
				return MigrationVersion.parse(String.valueOf(version));
			}

			@Override
			public String getName() {
				return "bench_backfill_" + version;
			}

			@Override
			public void up(MigrationContext context) throws Exception {
				Backfill.named("bench")
					.table("items")
					.key("id")
					.update("counter = counter + 1")
					.batchSize(batchSize)
					.logEvery(java.time.Duration.ofMinutes(10))
					.run(context);
			}

			@Override
			public boolean isTransactional() {
				return false;
			}

		};
		long started = System.nanoTime();
		RunResult result = new Migrator(dataSource,
				// a history schema of its own per run: each run is the first of its migration
				MigratorConfig.builder()
					.schema("bench_run_" + version)
					.locations("classpath:bench-no-sql")
					.javaMigration(migration)
					.build())
			.migrate();
		long took = (System.nanoTime() - started) / 1_000_000;
		if (!result.successful()) {
			throw new IllegalStateException("Run failed", result.failure());
		}
		settle(dataSource, n);
		return took;
	}

	/**
	 * Checks that the run changed every row exactly once, then vacuums and checkpoints (untimed).
	 */
	private static void settle(HikariDataSource dataSource, int n) throws SQLException {
		expected++;
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			try (ResultSet rs = s.executeQuery("SELECT min(counter), max(counter), count(*) FROM items")) {
				rs.next();
				if (rs.getInt(1) != expected || rs.getInt(2) != expected || rs.getInt(3) != n) {
					throw new IllegalStateException("Counters are " + rs.getInt(1) + ".." + rs.getInt(2) + " over "
							+ rs.getInt(3) + " rows, expected " + expected + " on " + n);
				}
			}
			s.execute("VACUUM items");
			s.execute("CHECKPOINT");
		}
	}

	private static long rowsPerSecond(int n, long millis) {
		return Math.round(n * 1000.0 / Math.max(millis, 1));
	}

	private static String createDatabase() throws SQLException {
		String name = "bench_" + Long.toHexString(System.nanoTime());
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		return name;
	}

	private static void dropDatabase(String name) throws SQLException {
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
				Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	private static void printEnvironment(int n, int rounds, List<Integer> batchSizes) throws SQLException {
		System.out.printf("machine: %d cores, %s %s; JVM %s %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
				System.getProperty("java.version"));
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(
						"SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), "
								+ "current_setting('shared_buffers')")) {
			rs.next();
			System.out.printf("server: %s; fsync=%s synchronous_commit=%s shared_buffers=%s%n", rs.getString(1),
					rs.getString(2), rs.getString(3), rs.getString(4));
		}
		System.out.printf("rows %,d, rounds %d, batch sizes %s%n", n, rounds, batchSizes);
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
