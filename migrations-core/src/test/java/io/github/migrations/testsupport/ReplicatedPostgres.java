package io.github.migrations.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * A primary and a streaming standby of the test class's own: two PostgreSQL servers made with
 * {@code initdb} and {@code pg_basebackup} under a temporary directory, on free loopback ports,
 * the standby following through a physical replication slot with {@code hot_standby} on.
 * Register with {@code @RegisterExtension}; the pair is shared by the class's tests, and a test
 * that promotes the standby or stops the primary calls {@link #rebuild()} to get a fresh pair.
 * <ol>
 * <li>{@code initdb} runs once per JVM into a template directory, which each primary copies (a
 * pair is up in about a second);</li>
 * <li>the servers run with {@code fsync=off}, small shared buffers and a one-second standby status
 * interval, so that lag shows quickly in {@code pg_stat_replication};</li>
 * <li>a pair's directory holds the id of the JVM that made it: pairs of a JVM that is gone (a test
 * run killed) are stopped and removed when the next one starts, and a shutdown hook stops this
 * JVM's pairs if {@code afterAll} never runs.</li>
 * </ol>
 * Needs the server binaries ({@code /usr/lib/postgresql/<n>/bin}, Debian package
 * {@code postgresql}); as root the servers run as the {@code postgres} user.
 */
public final class ReplicatedPostgres implements BeforeAllCallback, AfterAllCallback {

	/** The database the tests use on the pair (made on the primary, replicated to the standby). */
	public static final String DATABASE = "replicated";

	private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "migrations-replicated-pg");

	private static final String SLOT = "standby_slot";

	private static final List<Path> running = new ArrayList<>();

	private static Path template;

	private static boolean hooked;

	private Path binaries;

	private Path directory;

	private Server primary;

	private Server standby;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.binaries = PostgresTools.binaries("on a primary with a standby", "initdb", "pg_ctl", "pg_basebackup");
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		stop();
	}

	/**
	 * Stops both servers (whatever state they are in) and makes a fresh pair on new ports.
	 */
	public void rebuild() throws Exception {
		stop();
		start();
	}

	private void start() throws Exception {
		synchronized (ReplicatedPostgres.class) {
			removeStale();
			Files.createDirectories(ROOT);
			this.directory = Files.createTempDirectory(ROOT, "pair",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.writeString(this.directory.resolve("owner.pid"), String.valueOf(ProcessHandle.current().pid()));
			PostgresTools.chownToPostgres(this.directory);
			running.add(this.directory);
			if (!hooked) {
				Runtime.getRuntime().addShutdownHook(new Thread(ReplicatedPostgres::stopAll, "replicated-pg-cleanup"));
				hooked = true;
			}
			Path template = template();
			this.primary = new Server("primary", this.directory.resolve("primary"), PostgresTools.freePort());
			PostgresTools.run(List.of("cp", "-a", template.toString(), this.primary.data.toString()));
			this.primary.start();
			try (Connection c = connect(this.primary.port, "postgres"); Statement s = c.createStatement()) {
				s.execute("CREATE DATABASE " + DATABASE);
			}
			this.standby = new Server("standby", this.directory.resolve("standby"), PostgresTools.freePort());
			PostgresTools.asPostgres(List.of(this.binaries.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
					String.valueOf(this.primary.port), "-U", "postgres", "-D", this.standby.data.toString(), "-X",
					"stream", "-R", "-C", "-S", SLOT, "--no-sync", "-c", "fast"));
			// the standby's walreceiver names itself so synchronous_standby_names can name it
			Files.writeString(this.standby.data.resolve("postgresql.auto.conf"),
					"primary_conninfo = 'host=127.0.0.1 port=" + this.primary.port
							+ " user=postgres application_name=standby'\n",
					StandardOpenOption.APPEND);
			this.standby.start();
			awaitStreaming();
		}
	}

	private void stop() {
		synchronized (ReplicatedPostgres.class) {
			if (this.directory == null) {
				return;
			}
			stopPair(this.directory);
			running.remove(this.directory);
			this.directory = null;
		}
	}

	/** The primary's port (the original one, also after a promotion). */
	public int primaryPort() {
		return this.primary.port;
	}

	/** The standby's port. */
	public int standbyPort() {
		return this.standby.port;
	}

	/**
	 * A multi-host URL over both servers that finds the primary ({@code targetServerType=primary}),
	 * as an application on a cluster would use, with a short recheck of the servers' roles so a
	 * promoted standby is found within a second or two.
	 */
	public String clusterUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.primary.port + ",127.0.0.1:" + this.standby.port + "/" + DATABASE
				+ "?targetServerType=primary&hostRecheckSeconds=1&connectTimeout=5";
	}

	public String primaryUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.primary.port + "/" + DATABASE;
	}

	public String standbyUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.standby.port + "/" + DATABASE;
	}

	public DataSource cluster() {
		return dataSource(clusterUrl());
	}

	public DataSource primary() {
		return dataSource(primaryUrl());
	}

	public DataSource standby() {
		return dataSource(standbyUrl());
	}

	/**
	 * Promotes the standby and waits until it accepts writes.
	 */
	public void promoteStandby() throws Exception {
		this.standby.pgCtl("promote", "-w");
	}

	/**
	 * Stops the primary: {@code immediate} as a crash, {@code fast} as a clean shutdown.
	 */
	public void stopPrimary(String mode) throws Exception {
		this.primary.pgCtl("stop", "-m", mode, "-w");
	}

	/** Stops the standby ({@code fast}). */
	public void stopStandby() throws Exception {
		this.standby.pgCtl("stop", "-m", "fast", "-w");
	}

	/** Starts the standby again after {@link #stopStandby()}; waits until it streams. */
	public void startStandby() throws Exception {
		this.standby.start();
		awaitStreaming();
	}

	/** Pauses WAL replay on the standby: its replay lag grows from now on, its receipt does not. */
	public void pauseReplay() throws SQLException {
		onStandby("SELECT pg_wal_replay_pause()");
	}

	/** Resumes WAL replay on the standby. */
	public void resumeReplay() throws SQLException {
		onStandby("SELECT pg_wal_replay_resume()");
	}

	/**
	 * Waits until the standby has replayed everything the primary wrote so far.
	 */
	public void awaitCaughtUp(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Connection c = connect(this.primary.port, "postgres"); Statement s = c.createStatement()) {
			while (true) {
				try (ResultSet rs = s.executeQuery("SELECT coalesce(bool_and(replay_lsn >= pg_current_wal_lsn()), false) "
						+ "FROM pg_stat_replication")) {
					rs.next();
					if (rs.getBoolean(1)) {
						return;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The standby did not catch up within " + timeout);
				}
				Thread.sleep(20);
			}
		}
	}

	private void awaitStreaming() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		try (Connection c = connect(this.primary.port, "postgres"); Statement s = c.createStatement()) {
			while (true) {
				try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
					rs.next();
					if (rs.getInt(1) > 0) {
						return;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The standby did not start streaming; see " + this.standby.log());
				}
				Thread.sleep(20);
			}
		}
	}

	private void onStandby(String sql) throws SQLException {
		try (Connection c = connect(this.standby.port, "postgres"); Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

	private static Connection connect(int port, String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
	}

	private static DataSource dataSource(String url) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(url);
		dataSource.setUser("postgres");
		return dataSource;
	}

	private Path template() throws Exception {
		if (template == null) {
			Path dir = ROOT.resolve("template-" + ProcessHandle.current().pid());
			deleteTree(dir);
			Files.createDirectories(dir);
			PostgresTools.chownToPostgres(dir);
			PostgresTools.asPostgres(List.of(this.binaries.resolve("initdb").toString(), "-D", dir.toString(), "-U", "postgres",
					"--auth=trust", "--no-sync", "-E", "UTF8", "--no-instructions"));
			template = dir;
		}
		return template;
	}

	/** Stops and removes the pairs (and templates) of JVMs that are gone. */
	private static void removeStale() throws IOException {
		if (!Files.isDirectory(ROOT)) {
			return;
		}
		try (Stream<Path> entries = Files.list(ROOT)) {
			for (Path entry : entries.toList()) {
				String name = entry.getFileName().toString();
				Long owner = null;
				if (name.startsWith("template-")) {
					owner = parse(name.substring("template-".length()));
				}
				else if (Files.exists(entry.resolve("owner.pid"))) {
					owner = parse(Files.readString(entry.resolve("owner.pid")).trim());
				}
				if (owner != null && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
					continue;
				}
				stopPair(entry);
			}
		}
	}

	private static Long parse(String pid) {
		try {
			return Long.parseLong(pid);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static void stopAll() {
		synchronized (ReplicatedPostgres.class) {
			for (Path pair : List.copyOf(running)) {
				stopPair(pair);
			}
			running.clear();
			if (template != null) {
				deleteTree(template);
			}
		}
	}

	/** Stops any server running in the pair's directories and removes them. */
	private static void stopPair(Path pair) {
		for (String role : List.of("primary", "standby")) {
			Path data = pair.resolve(role);
			if (Files.exists(data.resolve("postmaster.pid"))) {
				try {
					PostgresTools.asPostgres(List.of(PostgresTools.binaries("on a primary with a standby", "initdb", "pg_ctl", "pg_basebackup").resolve("pg_ctl").toString(), "-D", data.toString(), "stop", "-m",
							"immediate", "-w"));
				}
				catch (Exception ex) {
					// already stopped (a stale postmaster.pid): nothing to do
				}
			}
		}
		deleteTree(pair);
	}

	private static void deleteTree(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> files = Files.walk(root)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: the next start removes what is left
		}
	}

	/**
	 * One server of the pair.
	 */
	private final class Server {

		private final String role;

		private final Path data;

		private final int port;

		Server(String role, Path data, int port) {
			this.role = role;
			this.data = data;
			this.port = port;
		}

		Path log() {
			return this.data.getParent().resolve(this.role + ".log");
		}

		void start() throws Exception {
			String options = "-p " + this.port + " -k " + this.data.getParent()
					+ " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c shared_buffers=16MB"
					+ " -c max_connections=40 -c max_wal_senders=4 -c max_replication_slots=4 -c hot_standby=on"
					+ " -c wal_receiver_status_interval=1s -c hot_standby_feedback=on -c max_standby_streaming_delay=-1"
					+ " -c logging_collector=off";
			pgCtl("start", "-w", "-t", "60", "-l", log().toString(), "-o", options);
		}

		void pgCtl(String... args) throws Exception {
			List<String> command = new ArrayList<>(
					List.of(ReplicatedPostgres.this.binaries.resolve("pg_ctl").toString(), "-D", this.data.toString()));
			command.addAll(List.of(args));
			PostgresTools.asPostgres(command);
		}

	}

}
