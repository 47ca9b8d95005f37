package io.github.migrations.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrations.mode=job} in a real JVM: the application migrates, then exits with code 0; a
 * failed migration ends it with a non-zero code and Spring Boot's failure report. On H2 files,
 * since the job runs in a JVM of its own.
 */
class SampleApplicationJobModeH2Tests {

	@TempDir
	Path directory;

	@Test
	void jobModeMigratesAndExitsWithZero() throws Exception {
		String url = "jdbc:h2:file:" + this.directory.resolve("job").toAbsolutePath();
		Result result = runJob(url);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Migrations job finished");
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM schema_migrations WHERE success")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getInt(1)).isEqualTo(8);
		}
	}

	@Test
	void failedMigrationEndsTheJobWithNonZeroCodeAndTheFailureReport() throws Exception {
		String url = "jdbc:h2:file:" + this.directory.resolve("conflict").toAbsolutePath();
		createConflictingUsersTable(url);
		// the table is the schema's own: a baseline at 0 lets every migration run (and the first fail)
		Result result = runJob(url, "--migrations.baseline-on-migrate=true", "--migrations.baseline-version=0");
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START", "Description:", "create_users.sql",
				"Action:");
	}

	private static void createConflictingUsersTable(String url) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE users (id INT PRIMARY KEY)");
		}
	}

	private Result runJob(String url, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(SampleApplication.class.getName());
		command.add("--migrations.mode=job");
		command.add("--spring.main.web-application-type=none");
		command.add("--spring.datasource.url=" + url);
		command.add("--migrations.lock.lease=2s");
		command.addAll(List.of(arguments));
		File log = this.directory.resolve("output.log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("The job did not end within 3 minutes");
		}
		return new Result(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String output) {
	}

}
