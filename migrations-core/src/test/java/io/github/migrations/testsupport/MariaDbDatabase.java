package io.github.migrations.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A freshly created MariaDB (or MySQL 8) database for one test class, dropped afterwards together
 * with every database whose name starts with its name and {@code _} ({@link #schema(String)}: on
 * these servers a schema is a database). Register as a static field with
 * {@code @RegisterExtension}.
 * <p>
 * MariaDB is, in order: the server named by {@code MIGRATIONS_TEST_MARIADB_URL}, the local server
 * at {@code 127.0.0.1:3306} (user {@code root}, no password), or a Testcontainers MariaDB when
 * Docker is available; with none of them the test fails and says what to do, it never skips.
 * MySQL 8 ({@link #mysql()}) runs only in Testcontainers: without Docker its test classes are
 * skipped (reported as skipped, with the reason), and {@link MySqlNotRunReport} says so once at
 * the end of the run.
 */
public final class MariaDbDatabase implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

	/**
	 * How the reason a MySQL test class is skipped starts, which {@link MySqlNotRunReport} looks
	 * for.
	 */
	static final String MYSQL_NOT_RUN = "MySQL 8 not run: no Docker";

	private final boolean mysql;

	private final String name;

	private String serverUrl = "";

	private String user = "";

	private String password = "";

	private MariaDbDatabase(boolean mysql) {
		this.mysql = mysql;
		this.name = "mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
	}

	/**
	 * A database on MariaDB.
	 */
	public MariaDbDatabase() {
		this(false);
	}

	/**
	 * A database on MySQL 8 (Testcontainers).
	 */
	public static MariaDbDatabase mysql() {
		return new MariaDbDatabase(true);
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (this.mysql && MariaDbServer.mysql() == null) {
			return ConditionEvaluationResult.disabled(MYSQL_NOT_RUN + " (MySQL 8 runs in Testcontainers, "
					+ MariaDbServer.MYSQL_IMAGE + ", and no Docker daemon answers here)");
		}
		return ConditionEvaluationResult.enabled(this.mysql ? "MySQL 8 in Testcontainers" : "MariaDB");
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		create();
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		drop();
	}

	/**
	 * Creates the database (for use outside JUnit's extension model).
	 */
	public void create() throws SQLException {
		String[] server = this.mysql ? MariaDbServer.mysql() : MariaDbServer.mariadb();
		if (server == null) {
			throw new IllegalStateException("MySQL 8 runs in Testcontainers and no Docker daemon answers here");
		}
		this.serverUrl = server[0];
		this.user = server[1];
		this.password = server[2];
		try (Connection c = DriverManager.getConnection(this.serverUrl + serverOptions(), this.user, this.password);
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + this.name);
		}
	}

	/**
	 * Drops the database and those named after it ({@link #schema(String)}).
	 */
	public void drop() throws SQLException {
		if (this.serverUrl.isEmpty()) {
			return;
		}
		try (Connection c = DriverManager.getConnection(this.serverUrl + serverOptions(), this.user, this.password);
				Statement s = c.createStatement()) {
			List<String> databases = new ArrayList<>();
			try (ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata "
					+ "WHERE schema_name = '" + this.name + "' OR schema_name LIKE '" + this.name + "\\_%'")) {
				while (rs.next()) {
					databases.add(rs.getString(1));
				}
			}
			for (String database : databases) {
				s.execute("DROP DATABASE IF EXISTS `" + database + "`");
			}
		}
	}

	/**
	 * The database's name.
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The name of another database (schema) that {@link #drop()} drops with this one.
	 */
	public String schema(String suffix) {
		return this.name + "_" + suffix;
	}

	/**
	 * Whether this is MySQL rather than MariaDB.
	 */
	public boolean isMySql() {
		return this.mysql;
	}

	/**
	 * JDBC URL of this test's database.
	 */
	public String jdbcUrl() {
		return this.serverUrl + this.name + serverOptions();
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/**
	 * The host and port of the server, for its command-line clients.
	 */
	public String hostAndPort() {
		String rest = this.serverUrl.substring("jdbc:mariadb://".length());
		return rest.substring(0, rest.indexOf('/'));
	}

	/**
	 * A non-pooling DataSource: each {@code getConnection()} opens a new session.
	 */
	public DataSource dataSource() {
		try {
			MariaDbDataSource dataSource = new MariaDbDataSource(jdbcUrl());
			dataSource.setUser(user());
			dataSource.setPassword(password());
			return dataSource;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A non-pooling DataSource whose sessions start in another database of the server (one made
	 * with {@link #schema(String)}, so that {@link #drop()} drops it).
	 */
	public DataSource dataSource(String database) {
		try {
			MariaDbDataSource dataSource = new MariaDbDataSource(this.serverUrl + database + serverOptions());
			dataSource.setUser(user());
			dataSource.setPassword(password());
			return dataSource;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), user(), password());
	}

	private String serverOptions() {
		// MySQL 8's caching_sha2_password without TLS needs the server's public key
		return this.mysql ? "?allowPublicKeyRetrieval=true" : "";
	}

	/**
	 * The server's id of the connection's session ({@code CONNECTION_ID()}), as the processlist and
	 * the engine's reports name it.
	 */
	public static long connectionId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * A connection of {@code dataSource} with a transaction left open after a read of
	 * {@code table}, as a report or a leaked connection would leave it: it holds the table's shared
	 * metadata lock until it ends. The caller closes it.
	 */
	public static Connection openTransactionReading(DataSource dataSource, String table) throws SQLException {
		Connection connection = dataSource.getConnection();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT COUNT(*) FROM " + table).close();
		}
		return connection;
	}

}
