package io.github.migrations.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The database server the benchmark runs against (option {@code database=postgres|mariadb}):
 * where it is, how a database is dropped, how the applied tables are counted, and which of its
 * settings the figures depend on.
 */
enum Server {

	/**
	 * PostgreSQL, {@code BENCH_PG_URL} / {@code BENCH_PG_USER}.
	 */
	POSTGRES("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/", "BENCH_PG_USER", "postgres", "postgres",
			" WITH (FORCE)",
			"SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ '^bench_[0-9]+$'",
			"SELECT version(), 'fsync=' || current_setting('fsync') || ' synchronous_commit='"
					+ " || current_setting('synchronous_commit') || ' full_page_writes='"
					+ " || current_setting('full_page_writes') || ' shared_buffers='"
					+ " || current_setting('shared_buffers') || ' wal_level=' || current_setting('wal_level')"),

	/**
	 * MariaDB, {@code BENCH_MARIADB_URL} / {@code BENCH_MARIADB_USER} (empty password).
	 */
	MARIADB("BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/", "BENCH_MARIADB_USER", "root", "", "",
			"SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
					+ " AND table_type = 'BASE TABLE' AND table_name REGEXP '^bench_[0-9]+$'",
			"SELECT version(), CONCAT('innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit,"
					+ " ' sync_binlog=', @@sync_binlog, ' log_bin=', @@log_bin,"
					+ " ' innodb_doublewrite=', @@innodb_doublewrite, ' innodb_buffer_pool_size=',"
					+ " @@innodb_buffer_pool_size DIV 1048576, 'MB innodb_file_per_table=', @@innodb_file_per_table)");

	private final String url;

	private final String user;

	private final String adminDatabase;

	private final String dropOptions;

	private final String countTables;

	private final String settings;

	Server(String urlVariable, String defaultUrl, String userVariable, String defaultUser, String adminDatabase,
			String dropOptions, String countTables, String settings) {
		this.url = System.getenv().getOrDefault(urlVariable, defaultUrl);
		this.user = System.getenv().getOrDefault(userVariable, defaultUser);
		this.adminDatabase = adminDatabase;
		this.dropOptions = dropOptions;
		this.countTables = countTables;
		this.settings = settings;
	}

	/**
	 * The server by its option value ({@code postgres}, {@code postgresql}, {@code mariadb}).
	 */
	static Server named(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "postgres", "postgresql" -> POSTGRES;
			case "mariadb" -> MARIADB;
			default -> throw new IllegalArgumentException("Unknown database " + name + " (postgres, mariadb)");
		};
	}

	/**
	 * The JDBC URL of the server, to which a database name is appended.
	 */
	String url() {
		return this.url;
	}

	String user() {
		return this.user;
	}

	/**
	 * The URL of the database administrative statements run in.
	 */
	String adminUrl() {
		return this.url + this.adminDatabase;
	}

	String dropDatabase(String name) {
		return "DROP DATABASE IF EXISTS " + name + this.dropOptions;
	}

	/**
	 * How many of the workload's tables ({@code bench_<n>}) the current database holds.
	 */
	int countTables(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(this.countTables)) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/**
	 * The server's version and the durability settings commit latency depends on.
	 */
	String describe(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(this.settings)) {
			rs.next();
			return rs.getString(1) + "\n  " + rs.getString(2) + "; " + this.url;
		}
	}

}
