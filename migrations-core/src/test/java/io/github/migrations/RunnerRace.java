package io.github.migrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runners racing over one set of migrations, as threads of this JVM and as separate JVMs
 * ({@link MigrateMain}), all released at the same moment. Each runner migrates up to a target of
 * its own (the last one all the way), so that the lock passes between runners that each find part
 * of the history applied. Shared by the race on the database itself ({@link MigratorRacePostgresTests})
 * and through PgBouncer ({@link MigratorPgBouncerTests}).
 */
final class RunnerRace {

	private final DataSource dataSource;

	private final String jdbcUrl;

	private final String user;

	private final String password;

	private final String schema;

	private final Duration lease;

	private final Path directory;

	/**
	 * @param dataSource what the threads connect with
	 * @param jdbcUrl what the separate JVMs connect with (the same database)
	 * @param user the user of both
	 * @param password the user's password (given to the JVMs in their environment, not on their
	 * command line)
	 * @param schema the schema of the history and lock tables
	 * @param lease the lock lease of every runner
	 * @param directory where the JVMs' output and start files go
	 */
	RunnerRace(DataSource dataSource, String jdbcUrl, String user, String password, String schema, Duration lease,
			Path directory) {
		this.dataSource = dataSource;
		this.jdbcUrl = jdbcUrl;
		this.user = user;
		this.password = password;
		this.schema = schema;
		this.lease = lease;
		this.directory = directory;
	}

	/**
	 * Races {@code threads} threads and {@code processes} JVMs over the migrations at
	 * {@code location}, whose versions are {@code versions} in order, and asserts that every
	 * runner succeeded.
	 * @return how many migrations each runner applied: the threads', then the JVMs'
	 */
	List<Integer> race(String location, List<String> versions, int threads, int processes) throws Exception {
		int runners = threads + processes;
		assertThat(versions).as("at least one migration per runner").hasSizeGreaterThanOrEqualTo(runners);
		Path go = this.directory.resolve("go");
		List<Process> started = new ArrayList<>();
		List<Path> ready = new ArrayList<>();
		for (int i = 0; i < processes; i++) {
			Path readyFile = this.directory.resolve("ready-" + i);
			ready.add(readyFile);
			started.add(runner(location, this.directory.resolve("out-" + i), target(versions, threads + i, runners),
					readyFile.toString(), go.toString()));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<RunResult>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				MigratorConfig config = config(location).toBuilder()
					.target(MigrationVersion.parse(target(versions, i, runners)))
					.build();
				Migrator migrator = new Migrator(this.dataSource, config);
				results.add(executor.submit(() -> {
					start.await();
					return migrator.migrate();
				}));
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			while (!ready.stream().allMatch(Files::exists)) {
				assertThat(started).as("runner processes alive").allMatch(Process::isAlive);
				assertThat(System.nanoTime()).as("runner processes ready").isLessThan(deadline);
				Thread.sleep(20);
			}
			Files.createFile(go);
			start.countDown();
			List<Integer> appliedBy = new ArrayList<>();
			for (Future<RunResult> result : results) {
				appliedBy.add(result.get(3, TimeUnit.MINUTES).migrations().size());
			}
			for (int i = 0; i < started.size(); i++) {
				Process process = started.get(i);
				assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
				String out = Files.readString(this.directory.resolve("out-" + i), StandardCharsets.UTF_8);
				assertThat(process.exitValue()).as(out).isZero();
				appliedBy.add(Integer.parseInt(out.lines()
					.filter((line) -> line.startsWith("applied="))
					.findFirst()
					.orElseThrow()
					.substring("applied=".length())));
			}
			return appliedBy;
		}
		finally {
			executor.shutdownNow();
			started.forEach(Process::destroyForcibly);
		}
	}

	private static String target(List<String> versions, int runner, int runners) {
		return versions.get((runner + 1) * versions.size() / runners - 1);
	}

	/**
	 * Asserts that the history holds exactly one row, successful, for each of {@code count}
	 * versions.
	 */
	void assertEveryVersionRecordedOnce(JdbcTemplate jdbc, int count) {
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT version) FROM " + this.schema
				+ ".schema_migrations WHERE success", Integer.class)).isEqualTo(count);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".schema_migrations", Integer.class))
			.isEqualTo(count);
	}

	/**
	 * The configuration of a runner thread; the JVMs build the same in {@link MigrateMain}.
	 */
	MigratorConfig config(String location) {
		return MigratorConfig.builder()
			.schema(this.schema)
			.locations(location)
			.lockLease(this.lease)
			.lockWaitTimeout(Duration.ofMinutes(2))
			.build();
	}

	/**
	 * Starts a runner JVM migrating to {@code target} ({@code -} for all), optionally creating
	 * {@code readyFile} once started and waiting for {@code goFile} before it begins.
	 */
	Process runner(String location, Path out, String target, @Nullable String readyFile, @Nullable String goFile)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), MigrateMain.class.getName(), this.jdbcUrl, this.user,
				this.schema, location, String.valueOf(this.lease.toMillis()), target));
		if (readyFile != null) {
			command.add(readyFile);
			command.add(goFile);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
		builder.environment().put(MigrateMain.PASSWORD, this.password);
		return builder.start();
	}

}
