package io.github.migrations.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of the test class's own ({@code initdb} into a temporary directory, a free
 * loopback port), for tests that stop or restart the server and so must not touch a shared one.
 * Register with {@code @RegisterExtension}. Needs the server binaries ({@code /usr/lib/postgresql/<n>/bin},
 * Debian package {@code postgresql}); without them the test fails and says so. As root the server
 * runs as the {@code postgres} user, since {@code initdb} refuses root.
 */
public final class PrivatePostgres implements BeforeAllCallback, AfterAllCallback {

	private Path binaries;

	private Path dataDirectory;

	private int port;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.binaries = PostgresTools.binaries("that restart a private server", "initdb", "pg_ctl");
		this.dataDirectory = Files.createTempDirectory("private-pg",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		PostgresTools.chownToPostgres(this.dataDirectory);
		this.port = PostgresTools.freePort();
		PostgresTools.asPostgres(List.of(this.binaries.resolve("initdb").toString(), "-D", this.dataDirectory.toString(), "-U",
				"postgres", "--auth=trust", "--no-sync", "-E", "UTF8"));
		pgCtl("start", "-w", "-l", this.dataDirectory.resolve("server.log").toString());
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.dataDirectory == null) {
			return;
		}
		try {
			pgCtl("stop", "-m", "immediate", "-w");
		}
		finally {
			try (Stream<Path> files = Files.walk(this.dataDirectory)) {
				files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}

	/**
	 * Restarts the server: {@code immediate} ends every session at once without a checkpoint (the
	 * server recovers on start, as after a crash); {@code fast} ends sessions cleanly.
	 */
	public void restart(String mode) throws Exception {
		pgCtl("restart", "-m", mode, "-w", "-l", this.dataDirectory.resolve("server.log").toString());
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl());
		dataSource.setUser("postgres");
		return dataSource;
	}

	private void pgCtl(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(this.binaries.resolve("pg_ctl").toString(), "-D",
				this.dataDirectory.toString()));
		command.addAll(List.of(args));
		command.addAll(List.of("-o", "-p " + this.port + " -k " + this.dataDirectory + " -c listen_addresses=127.0.0.1 "
				+ "-c fsync=off -c max_connections=50"));
		PostgresTools.asPostgres(command);
	}

}
