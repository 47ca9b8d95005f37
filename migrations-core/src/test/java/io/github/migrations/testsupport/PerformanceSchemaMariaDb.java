package io.github.migrations.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mariadb.jdbc.MariaDbDataSource;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * A MariaDB server of the test class's own with the performance schema on and its metadata-lock
 * instrument enabled ({@code performance_schema.metadata_locks}: off by default on MariaDB, and
 * switched on only at server start, so the shared server cannot serve these tests). Made with the
 * local binaries ({@code mariadb-install-db} into a temporary directory, {@code mariadbd} on a
 * free loopback port; Debian package {@code mariadb-server}), else in Testcontainers where Docker
 * answers, else the test fails and says what to do. Register with {@code @RegisterExtension}.
 */
public final class PerformanceSchemaMariaDb implements BeforeAllCallback, AfterAllCallback {

	private static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");

	private static final Path SERVER = Path.of("/usr/sbin/mariadbd");

	private static final List<String> OPTIONS = List.of("--performance-schema=ON",
			"--performance-schema-instrument=wait/lock/metadata/sql/mdl=ON");

	private Path directory;

	private Process process;

	private MariaDBContainer container;

	private String url;

	private String user = "root";

	private String password = "";

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		if (Files.isExecutable(INSTALL) && Files.isExecutable(SERVER)) {
			startLocal();
		}
		else if (MariaDbServer.dockerAvailable()) {
			this.container = new MariaDBContainer("mariadb:10.11").withUsername("root")
				.withCommand(OPTIONS.toArray(String[]::new));
			this.container.start();
			this.url = "jdbc:mariadb://" + this.container.getHost() + ":" + this.container.getMappedPort(3306) + "/";
			this.user = this.container.getUsername();
			this.password = this.container.getPassword();
		}
		else {
			throw new IllegalStateException("""
					These tests need a MariaDB server of their own, with the performance schema on, and found
					neither the server binaries (%s, %s; Debian: apt-get install mariadb-server, or run
					'bash .ci/run') nor Docker for Testcontainers. Install one of them.""".formatted(INSTALL, SERVER));
		}
	}

	private void startLocal() throws Exception {
		this.directory = Files.createTempDirectory("migrations-private-mariadb");
		Path data = this.directory.resolve("data");
		List<String> install = new ArrayList<>(List.of(INSTALL.toString(), "--no-defaults", "--datadir=" + data,
				"--auth-root-authentication-method=normal", "--skip-test-db"));
		boolean root = "root".equals(System.getProperty("user.name"));
		if (root) {
			install.add("--user=root");
		}
		PostgresTools.run(install);
		int port = PostgresTools.freePort();
		List<String> server = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + data,
				"--port=" + port, "--bind-address=127.0.0.1", "--socket=" + this.directory.resolve("sock"),
				"--pid-file=" + this.directory.resolve("pid"), "--skip-log-bin", "--innodb-buffer-pool-size=32M",
				"--innodb-log-file-size=8M",
				"--log-error=" + this.directory.resolve("error.log")));
		server.addAll(OPTIONS);
		if (root) {
			server.add("--user=root");
		}
		this.process = new ProcessBuilder(server).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("stdout.log").toFile())
			.start();
		// a JVM that ends without afterAll (a failed run, Ctrl-C) takes its server along
		Process started = this.process;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		this.url = "jdbc:mariadb://127.0.0.1:" + port + "/";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password)) {
				return;
			}
			catch (SQLException ex) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException("The private MariaDB did not start: "
							+ Files.readString(this.directory.resolve("error.log")), ex);
				}
				Thread.sleep(50);
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.container != null) {
			this.container.stop();
		}
		if (this.process != null) {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		if (this.directory != null) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}

	/**
	 * A new database on the server.
	 */
	public String createDatabase(String name) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return name;
	}

	/**
	 * A data source on one database of the server.
	 */
	public DataSource dataSource(String database) throws SQLException {
		MariaDbDataSource dataSource = new MariaDbDataSource(this.url + database);
		dataSource.setUser(this.user);
		dataSource.setPassword(this.password);
		return dataSource;
	}

}
