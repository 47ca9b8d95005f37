package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.migrations.MigratorPreflightPostgresTests.Recorder;
import io.github.migrations.preflight.MaintenanceWindow;
import io.github.migrations.preflight.PreflightConfig;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightStatus;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The pre-flight checks inside {@link Migrator#migrate()} on a real MariaDB, each condition made
 * for real by other sessions: the sessions and their transactions from the processlist and
 * {@code information_schema.INNODB_TRX}, table sizes from {@code information_schema.TABLES}. This
 * server runs without the performance schema (MariaDB's default), so an open transaction in the
 * tables' database is what counts as possibly holding their metadata locks.
 */
class MigratorPreflightMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	private final Recorder recorder = new Recorder();

	private final List<Connection> sessions = new ArrayList<>();

	private final List<CompletableFuture<?>> background = new ArrayList<>();

	@BeforeEach
	void ordersTableAndOneMigrationThatAltersIt() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = new JdbcTemplate(db.dataSource());
		this.schema = db.schema("pf" + (++schemas));
		this.jdbc.execute("CREATE DATABASE " + this.schema);
		this.jdbc.execute("CREATE TABLE " + this.schema + ".orders (id INT PRIMARY KEY, note2 VARCHAR(200)) ENGINE = InnoDB");
		this.jdbc.execute("INSERT INTO " + this.schema + ".orders (id, note2) SELECT seq, REPEAT('x', 200) FROM seq_1_to_2000");
		this.jdbc.execute("CREATE TABLE " + this.schema + ".notes (id INT PRIMARY KEY) ENGINE = InnoDB");
		this.files.migration("1_add_note.sql", "ALTER TABLE orders ADD COLUMN note TEXT;",
				"ALTER TABLE orders DROP COLUMN note;");
	}

	@AfterEach
	void endSessions() throws Exception {
		for (Connection session : this.sessions) {
			session.close();
		}
		for (CompletableFuture<?> future : this.background) {
			try {
				future.get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// ended on purpose
			}
		}
	}

	@Test
	void aSessionIdleInTransactionInTheTablesDatabaseBlocksTheRunAndNothingIsChanged() throws Exception {
		Connection blocker = openTransactionReading(this.schema, "orders");
		long id = MariaDbDatabase.connectionId(blocker);
		// the processlist counts idle time in whole seconds
		Thread.sleep(1100);
		Migrator migrator = migrator((p) -> p.idleInTransactionThreshold(Duration.ofMillis(500)));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getBlocking()).singleElement().satisfies((result) -> {
				assertThat(result.check()).isEqualTo("blocking-sessions");
				assertThat(result.details()).containsEntry("pid", String.valueOf(id))
					.containsEntry("state", "idle in transaction")
					.containsEntry("query", "null");
				assertThat(result.details().get("applicationName")).startsWith("root@");
				assertThat(result.details().get("locks")).startsWith("possibly " + this.schema + ".orders");
				assertThat(result.details().get("transactionStart")).isNotEqualTo("null");
				assertThat(result.message()).contains("KILL " + id);
			});
		});
		assertThat(columnExists()).isFalse();
		assertThat(tableExists("schema_migrations")).isFalse();
		assertThat(tableExists("migration_lock")).isFalse();
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status)
			.containsExactly(tuple("blocking-sessions", PreflightStatus.BLOCKING),
					tuple("table-size", PreflightStatus.PASSED), tuple("active-connections", PreflightStatus.PASSED),
					tuple("replication", PreflightStatus.SKIPPED));
		blocker.commit();
		assertThat(migrator.migrate().migrations()).hasSize(1);
		assertThat(columnExists()).isTrue();
	}

	@Test
	void aLongTransactionRunningAStatementBlocksTheRun() throws Exception {
		Connection reporter = openTransactionReading(this.schema, "orders");
		long id = MariaDbDatabase.connectionId(reporter);
		Statement query = reporter.createStatement();
		this.background.add(CompletableFuture.runAsync(() -> {
			try {
				query.executeQuery("SELECT SLEEP(3)").close();
			}
			catch (SQLException ex) {
				// ended at the end of the test
			}
		}, MigratorPreflightMariaDbTests::onThreadOfItsOwn));
		Thread.sleep(400);
		Migrator migrator = migrator((p) -> p.longRunningThreshold(Duration.ofMillis(200)));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getBlocking()).singleElement().satisfies((result) -> {
				assertThat(result.details()).containsEntry("pid", String.valueOf(id))
					.containsEntry("state", "Query (User sleep)")
					.containsEntry("query", "SELECT SLEEP(3)");
				assertThat(result.message()).contains(" holds possibly " + this.schema + ".orders");
			}));
		assertThat(columnExists()).isFalse();
	}

	@Test
	void aSessionIdleInTransactionInAnotherDatabaseDoesNotBlock() throws Exception {
		String other = db.schema("pfo" + schemas);
		this.jdbc.execute("CREATE DATABASE " + other);
		this.jdbc.execute("CREATE TABLE " + other + ".elsewhere (id INT) ENGINE = InnoDB");
		openTransactionReading(other, "elsewhere");
		Thread.sleep(1100);
		RunResult result = migrator((p) -> p.idleInTransactionThreshold(Duration.ofMillis(500))).migrate();
		assertThat(result.migrations()).hasSize(1);
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status)
			.contains(tuple("blocking-sessions", PreflightStatus.PASSED));
	}

	@Test
	void aTableOverTheSizeThresholdWarnsAndTheRunGoesOn() {
		this.files.migration("2_notes.sql", "ALTER TABLE notes ADD COLUMN body TEXT;", "ALTER TABLE notes DROP COLUMN body;");
		this.jdbc.execute("ANALYZE TABLE " + this.schema + ".orders");
		RunResult result = migrator((p) -> p.tableSizeThreshold(DataSize.ofKilobytes(100))).migrate();
		assertThat(result.migrations()).hasSize(2);
		long ordersBytes = this.jdbc.queryForObject("SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES "
				+ "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'orders'", Long.class, this.schema);
		System.out.printf("table size: orders (2000 rows of 200 bytes) %d bytes; threshold 102400%n", ordersBytes);
		assertThat(this.recorder.last()).filteredOn((r) -> r.check().equals("table-size"))
			.singleElement()
			.satisfies((warning) -> {
				assertThat(warning.status()).isEqualTo(PreflightStatus.WARNING);
				assertThat(warning.details()).containsEntry("table", this.schema + ".orders")
					.containsEntry("thresholdBytes", "102400");
				assertThat(Long.parseLong(warning.details().get("bytes"))).isGreaterThan(102400);
			});
	}

	@Test
	void moreSessionsRunningAStatementThanTheThresholdWarnAndTheRunGoesOn() throws Exception {
		List<Statement> busy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Connection session = session(this.schema);
			Statement statement = session.createStatement();
			busy.add(statement);
			this.background.add(CompletableFuture.runAsync(() -> {
				try {
					statement.execute("SELECT SLEEP(3)");
				}
				catch (SQLException ex) {
					// ended at the end of the test
				}
			}, MigratorPreflightMariaDbTests::onThreadOfItsOwn));
		}
		Thread.sleep(300);
		RunResult result = migrator((p) -> p.activeConnectionsThreshold(1)).migrate();
		assertThat(result.migrations()).hasSize(1);
		assertThat(this.recorder.last()).filteredOn((r) -> r.check().equals("active-connections"))
			.singleElement()
			.satisfies((warning) -> {
				assertThat(warning.status()).isEqualTo(PreflightStatus.WARNING);
				assertThat(warning.details()).containsEntry("active", "2")
					.containsEntry("threshold", "1")
					.containsEntry("byApplication", "root=2");
			});
	}

	@Test
	void outsideTheMaintenanceWindowABlockingWindowStopsTheRun() {
		Migrator migrator = migrator((p) -> p
			.maintenanceWindow(MaintenanceWindow.parse("22:00-04:00", ZoneId.of("Europe/Berlin")))
			.clock(Clock.fixed(Instant.parse("2024-01-15T12:00:00Z"), ZoneOffset.UTC)));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getBlocking()).singleElement()
				.satisfies((result) -> assertThat(result.check()).isEqualTo("maintenance-window")));
		assertThat(columnExists()).isFalse();
		assertThat(tableExists("migration_lock")).isFalse();
	}

	@Test
	void theChecksLeaveTheSessionsLockTimeoutsAsTheyFoundThem() throws Exception {
		try (Connection connection = db.dataSource(this.schema).getConnection()) {
			long before = lockWaitTimeout(connection);
			io.github.migrations.dialect.Dialect dialect = io.github.migrations.dialect.Dialects.detect(connection);
			io.github.migrations.preflight.PreflightRunner.run(connection, dialect, this.schema, List.of(),
					PreflightConfig.builder().timeout(Duration.ofSeconds(2)).build(), "migrations");
			assertThat(lockWaitTimeout(connection)).isEqualTo(before);
		}
	}

	private Migrator migrator(Consumer<PreflightConfig.Builder> preflight) {
		return new Migrator(db.dataSource(this.schema), MigratorConfig.builder()
			.locations(this.files.location())
			.lockTimeout(Duration.ofSeconds(1))
			.lockRetries(0)
			.lockLease(Duration.ofSeconds(3))
			.lint(LintMode.OFF)
			.listener(this.recorder)
			.preflight(preflight)
			// the fixtures' tables are the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.build());
	}

	private Connection session(String database) throws SQLException {
		Connection connection = db.dataSource(database).getConnection();
		this.sessions.add(connection);
		return connection;
	}

	/**
	 * A transaction left open after a read, as a report or a leaked connection would: it holds the
	 * table's metadata lock until it ends.
	 */
	private Connection openTransactionReading(String database, String table) throws SQLException {
		Connection connection = session(database);
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT COUNT(*) FROM " + table).close();
		}
		return connection;
	}

	/**
	 * A session's statement runs on a thread of its own: the common pool has one thread on a
	 * 2-core machine, where another test's statement may still hold it.
	 */
	private static void onThreadOfItsOwn(Runnable task) {
		Thread thread = new Thread(task, "session");
		thread.setDaemon(true);
		thread.start();
	}

	private static long lockWaitTimeout(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT @@SESSION.lock_wait_timeout")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private boolean columnExists() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
				+ "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'", Integer.class, this.schema) > 0;
	}

	private boolean tableExists(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
				+ "AND TABLE_NAME = ?", Integer.class, this.schema, table) > 0;
	}

}
