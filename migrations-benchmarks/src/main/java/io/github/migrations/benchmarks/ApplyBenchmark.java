package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;

/**
 * APPLY: N generated small migrations (create table, index, insert rows) applied to an empty
 * PostgreSQL database by the engine, next to the same statements run over plain JDBC, one
 * transaction per migration, interleaved over several rounds in fresh databases. Prints
 * min/median/max and the ratio of medians. Arguments: {@code N rounds} (default {@code 1000 5});
 * server from {@code BENCH_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/}), user
 * postgres.
 */
public final class ApplyBenchmark {

	private static final String SERVER = System.getenv().getOrDefault("BENCH_PG_URL",
			"jdbc:postgresql://127.0.0.1:5432/");

	private ApplyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> words = new ArrayList<>();
		for (String arg : args) {
			words.addAll(Arrays.asList(arg.trim().split("\\s+")));
		}
		int n = words.isEmpty() ? 1000 : Integer.parseInt(words.get(0));
		int rounds = (words.size() > 1) ? Integer.parseInt(words.get(1)) : 5;
		Path dir = Files.createTempDirectory("bench-migrations");
		List<List<String>> migrations = generate(n, dir);
		printEnvironment(n, rounds);
		warmUp(dir);
		List<Long> raw = new ArrayList<>();
		List<Long> ours = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			if (round % 2 == 0) {
				raw.add(runRaw(migrations));
				ours.add(runOurs(dir));
			}
			else {
				ours.add(runOurs(dir));
				raw.add(runRaw(migrations));
			}
			System.out.printf("round %d: raw JDBC %d ms, migrations %d ms%n", round + 1, raw.get(round),
					ours.get(round));
		}
		System.out.println();
		System.out.printf("APPLY %,d migrations, %d rounds (min / median / max):%n", n, rounds);
		System.out.printf("  raw JDBC   %s%n", summary(raw));
		System.out.printf("  migrations %s%n", summary(ours));
		System.out.printf("  ratio of medians migrations/raw = %.2fx%n", (double) median(ours) / median(raw));
	}

	private static List<List<String>> generate(int n, Path dir) throws IOException {
		List<List<String>> all = new ArrayList<>();
		for (int i = 1; i <= n; i++) {
			List<String> statements = List.of(
					"CREATE TABLE bench_" + i
							+ " (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
					"CREATE INDEX bench_" + i + "_name ON bench_" + i + " (name)",
					"INSERT INTO bench_" + i + " (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
			all.add(statements);
			String file = "-- +migrate Up\n" + String.join(";\n", statements) + ";\n\n-- +migrate Down\nDROP TABLE bench_"
					+ i + ";\n";
			Files.writeString(dir.resolve(String.format("%014d_bench_%d.sql", 20240000000000L + i, i)), file);
		}
		return all;
	}

	private static void warmUp(Path dir) throws Exception {
		Path small = Files.createTempDirectory("bench-warmup");
		List<List<String>> few = generate(50, small);
		runRaw(few);
		runOurs(small);
	}

	private static long runRaw(List<List<String>> migrations) throws SQLException {
		String db = createDatabase();
		try (Connection c = DriverManager.getConnection(SERVER + db, "postgres", "")) {
			long started = System.nanoTime();
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				for (List<String> migration : migrations) {
					for (String sql : migration) {
						s.execute(sql);
					}
					c.commit();
				}
			}
			return (System.nanoTime() - started) / 1_000_000;
		}
		finally {
			dropDatabase(db);
		}
	}

	private static long runOurs(Path dir) throws SQLException {
		String db = createDatabase();
		HikariConfig hikari = new HikariConfig();
		hikari.setJdbcUrl(SERVER + db);
		hikari.setUsername("postgres");
		hikari.setMaximumPoolSize(4);
		try (HikariDataSource dataSource = new HikariDataSource(hikari)) {
			try (Connection warm = dataSource.getConnection()) {
				warm.isValid(1);
			}
			long started = System.nanoTime();
			RunResult result = new Migrator(dataSource,
					MigratorConfig.builder().locations("filesystem:" + dir.toAbsolutePath()).build())
				.migrate();
			long took = (System.nanoTime() - started) / 1_000_000;
			if (!result.successful()) {
				throw new IllegalStateException("Run failed", result.failure());
			}
			return took;
		}
		finally {
			dropDatabase(db);
		}
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

	private static void printEnvironment(int n, int rounds) throws SQLException {
		System.out.printf("machine: %d cores, %s %s; JVM %s %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
				System.getProperty("java.version"));
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
				Statement s = c.createStatement();
				var rs = s.executeQuery(
						"SELECT version(), current_setting('fsync'), current_setting('synchronous_commit')")) {
			rs.next();
			System.out.printf("server: %s; fsync=%s synchronous_commit=%s%n", rs.getString(1), rs.getString(2),
					rs.getString(3));
		}
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private static String summary(List<Long> values) {
		return String.format("%,d / %,d / %,d ms", Collections.min(values), median(values), Collections.max(values));
	}

}
