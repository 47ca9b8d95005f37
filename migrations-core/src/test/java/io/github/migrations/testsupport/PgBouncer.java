package io.github.migrations.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PgBouncer in transaction pooling mode with one server connection per database
 * ({@code default_pool_size=1}), in front of a {@link PostgresDatabase}, for the test class.
 * Register after the database with {@code @RegisterExtension @Order}. Needs the {@code pgbouncer}
 * binary (Debian package {@code pgbouncer}); without it the test fails and says so.
 */
public final class PgBouncer implements BeforeAllCallback, AfterAllCallback {

	private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.+)");

	private final PostgresDatabase database;

	private Process process;

	private int port;

	public PgBouncer(PostgresDatabase database) {
		this.database = database;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		Matcher url = URL.matcher(this.database.jdbcUrl());
		if (!url.matches()) {
			throw new IllegalStateException("Unexpected JDBC URL " + this.database.jdbcUrl());
		}
		String binary = findBinary();
		this.port = PostgresTools.freePort();
		// pgbouncer refuses to run as root; it reads its files before switching user.
		Path dir = Files.createTempDirectory("pgbouncer", PosixFilePermissions
			.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path users = Files.writeString(dir.resolve("users.txt"),
				"\"" + this.database.user() + "\" \"" + this.database.password() + "\"\n");
		Path ini = Files.writeString(dir.resolve("pgbouncer.ini"), """
				[databases]
				* = host=%s port=%s
				[pgbouncer]
				listen_addr = 127.0.0.1
				listen_port = %d
				unix_socket_dir =
				auth_type = trust
				auth_file = %s
				pool_mode = transaction
				default_pool_size = 1
				max_client_conn = 500
				ignore_startup_parameters = extra_float_digits,options
				""".formatted(url.group(1), url.group(2), this.port, users));
		List<String> command = new ArrayList<>(List.of(binary));
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("-u", "postgres"));
		}
		command.add(ini.toString());
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("pgbouncer.log").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!listening()) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("pgbouncer did not start; see " + dir.resolve("pgbouncer.log") + ":\n"
						+ Files.readString(dir.resolve("pgbouncer.log")));
			}
			Thread.sleep(20);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.process != null) {
			this.process.destroy();
			this.process.waitFor();
		}
	}

	/**
	 * JDBC URL of the database through PgBouncer; no server-side prepared statements, which
	 * transaction pooling cannot keep.
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + this.database.name() + "?prepareThreshold=0";
	}

	/**
	 * A non-pooling DataSource through PgBouncer.
	 */
	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl());
		dataSource.setUser(this.database.user());
		dataSource.setPassword(this.database.password());
		return dataSource;
	}

	private boolean listening() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String findBinary() {
		for (String candidate : List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		throw new IllegalStateException("""
				These tests need PgBouncer and found none (looked in /usr/sbin, /usr/bin, /usr/local/bin).
				  Install it: apt-get install pgbouncer (bash .ci/run does this).""");
	}

}
