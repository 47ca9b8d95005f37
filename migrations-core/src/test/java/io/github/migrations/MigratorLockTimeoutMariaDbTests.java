package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import io.github.migrations.execute.MigrationExecutor;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A migration's {@code ALTER TABLE} on MariaDB behind another session's open transaction that
 * read the table, holding its metadata lock: MySQL's and MariaDB's outage-maker, since every later
 * query on the table queues behind the waiting exclusive request. {@code lock_wait_timeout} (from
 * the lock timeout) bounds that queue; the statement is retried, and the blocking session is
 * reported with the fix.
 */
class MigratorLockTimeoutMariaDbTests {

	private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	@TempDir
	Path directory;

	private MigrationFiles files;

	private String schema;

	private JdbcTemplate jdbc;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void ordersTable() {
		this.files = new MigrationFiles(this.directory);
		this.schema = db.schema("lt" + (++schemas));
		this.jdbc = new JdbcTemplate(db.dataSource());
		this.jdbc.execute("CREATE DATABASE " + this.schema);
		this.jdbc.execute("CREATE TABLE " + this.schema + ".orders (id INT PRIMARY KEY) ENGINE = InnoDB");
		this.jdbc.execute("INSERT INTO " + this.schema + ".orders VALUES (1), (2), (3)");
		this.log.start();
		((Logger) LoggerFactory.getLogger(MigrationExecutor.class)).addAppender(this.log);
	}

	@AfterEach
	void detach() {
		((Logger) LoggerFactory.getLogger(MigrationExecutor.class)).detachAppender(this.log);
	}

	@Test
	void failsAfterTheRetriesNamingTheBlockingSessionWhileApplicationQueriesWaitAtMostTheLockTimeout()
			throws Exception {
		this.files.migration("1_add_note.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(100);",
				"ALTER TABLE orders DROP COLUMN note;");
		try (Connection blocker = openTransactionReading(); Traffic traffic = new Traffic()) {
			long blockerId = MariaDbDatabase.connectionId(blocker);
			long started = System.nanoTime();
			assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator(1).migrate())
				.satisfies((ex) -> {
					assertThat(ex.isDirty()).isFalse();
					assertThat(ex.getAction()).contains("Nothing of it was applied")
						.contains("Gave up after 2 attempts on a lock timeout")
						.contains("blocked by id " + blockerId + " (root@")
						.contains("idle for ")
						.contains("transaction open for ")
						.contains("possibly " + this.schema + ".orders")
						.contains("KILL <id>")
						.contains("migrations.lock-timeout");
				});
			long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
			long longest = traffic.stop();
			System.out.printf("lock_wait_timeout 1 s, 1 retry: run failed after %d ms; %d application queries, "
					+ "longest %d ms%n", elapsed, traffic.queries.get(), longest);
			assertThat(elapsed).isGreaterThanOrEqualTo(2 * LOCK_TIMEOUT.toMillis());
			assertThat(traffic.queries.get()).isPositive();
			assertThat(longest).isLessThan(LOCK_TIMEOUT.toMillis() + 1500);
		}
		assertThat(this.log.list).filteredOn((e) -> e.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((e) -> assertThat(e.getFormattedMessage())
				.startsWith("Statement on line 2 of migration 1 add_note hit the lock timeout (attempt 1 of 2)")
				.contains("Blocked by: id "));
		assertThat(columnExists()).isFalse();
		assertThat(migrator(1).status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.BASELINE, MigrationState.PENDING);
	}

	@Test
	void succeedsWhenTheBlockerEndsDuringTheRetries() throws Exception {
		this.files.migration("1_add_note.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(100);",
				"ALTER TABLE orders DROP COLUMN note;");
		Connection blocker = openTransactionReading();
		// ends its transaction after the migration's first wait timed out, during a retry
		CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
			try (blocker) {
				awaitMetadataLockWait();
				Thread.sleep(LOCK_TIMEOUT.toMillis() + 500);
				blocker.commit();
			}
			catch (SQLException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		RunResult result = migrator(3).migrate();
		release.get(10, TimeUnit.SECONDS);
		assertThat(result.migrations()).hasSize(1);
		assertThat(columnExists()).isTrue();
		assertThat(this.log.list).filteredOn((e) -> e.getLevel() == Level.WARN).isNotEmpty();
	}

	@Test
	void aBlockedSecondStatementLeavesTheFirstDoneAndTheMigrationResumesThereAfterRepair() throws Exception {
		this.files.migration("1_notes.sql", "CREATE TABLE notes (id INT);\nALTER TABLE orders ADD COLUMN note INT;",
				"ALTER TABLE orders DROP COLUMN note;\nDROP TABLE notes;");
		try (Connection blocker = openTransactionReading()) {
			long blockerId = MariaDbDatabase.connectionId(blocker);
			assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator(0).migrate())
				.satisfies((ex) -> {
					assertThat(ex.isDirty()).isTrue();
					assertThat(ex.getLine()).isEqualTo(3);
					assertThat(ex.getAction()).contains("Every statement before line 3 took effect")
						.contains("Gave up after 1 attempt on a lock timeout")
						.contains("blocked by id " + blockerId)
						.contains("migrations repair --resume");
				});
			blocker.commit();
		}
		migrator(0).repair("ops", RepairMode.RESUME, false);
		assertThat(migrator(0).migrate().migrations()).hasSize(1);
		assertThat(columnExists()).isTrue();
	}

	@Test
	void aMigrationOfDmlOnlyBehindARowLockTimesOutAsOneTransactionAndNothingOfItStays() throws Exception {
		this.files.migration("1_touch.sql", "INSERT INTO orders VALUES (10);\nUPDATE orders SET id = 11 WHERE id = 1;",
				"DELETE FROM orders WHERE id = 10;");
		try (Connection writer = db.dataSource(this.schema).getConnection()) {
			writer.setAutoCommit(false);
			try (Statement statement = writer.createStatement()) {
				statement.executeUpdate("UPDATE orders SET id = 1 WHERE id = 1");
			}
			long writerId = MariaDbDatabase.connectionId(writer);
			long started = System.nanoTime();
			// innodb_lock_wait_timeout is the server's 50 s unless the migration set it
			assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator(1).migrate())
				.satisfies((ex) -> {
					assertThat(ex.isDirty()).isFalse();
					assertThat(ex.getAction()).contains("Nothing of it was applied")
						.contains("Gave up after 2 attempts on a lock timeout")
						.contains("blocked by id " + writerId);
				});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			writer.rollback();
		}
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".orders ORDER BY id", Integer.class))
			.containsExactly(1, 2, 3);
		assertThat(this.log.list).filteredOn((e) -> e.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((e) -> assertThat(e.getFormattedMessage()).startsWith("Migration 1 touch hit the lock timeout"));
	}

	@Test
	void theLockTimeoutIsSetForTheMigrationAndSetBackAfterIt() throws Exception {
		try (Connection connection = db.dataSource(this.schema).getConnection()) {
			Dialect dialect = Dialects.detect(connection);
			long before = lockWaitTimeout(connection);
			assertThat(dialect.setLockTimeout(connection, Duration.ofMillis(1500))).isTrue();
			assertThat(lockWaitTimeout(connection)).isEqualTo(2);
			dialect.resetLockTimeout(connection);
			assertThat(lockWaitTimeout(connection)).isEqualTo(before);
			dialect.setLockTimeout(connection, Duration.ofSeconds(3));
			dialect.resetSession(connection);
			assertThat(lockWaitTimeout(connection)).isEqualTo(before);
			assertThat(dialect.setLockTimeout(connection, null)).isFalse();
			// 0 disables the timeout: the server's wait stays (0 there would mean no wait at all)
			assertThat(dialect.setLockTimeout(connection, Duration.ZERO)).isFalse();
			assertThat(lockWaitTimeout(connection)).isEqualTo(before);
		}
	}

	@Test
	void theLockTimeoutHoldsForEveryMigrationOfARunAndIsSetBackOnEveryPooledConnectionAfterIt() throws Exception {
		// the steps of a run share one connection, the timeouts set once: the second and third
		// migrations run without setting them again, and the pool gets every connection back reset
		this.files.migration("1_first.sql", "CREATE TABLE first (id INT);", "DROP TABLE first;");
		this.files.migration("2_seen.sql", "CREATE TABLE seen AS SELECT @@SESSION.lock_wait_timeout AS lw, "
				+ "@@SESSION.innodb_lock_wait_timeout AS ilw;", "DROP TABLE seen;");
		this.files.migration("3_seen_in_a_transaction.sql",
				"INSERT INTO seen SELECT @@SESSION.lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout;",
				"DELETE FROM seen;");
		try (HikariDataSource pool = pool(4)) {
			long before;
			try (Connection connection = pool.getConnection()) {
				before = lockWaitTimeout(connection);
			}
			new Migrator(pool, MigratorConfig.builder()
				.locations(this.files.location())
				.lockTimeout(LOCK_TIMEOUT)
				.baselineOnMigrate(true)
				.baselineVersion(MigrationVersion.parse("0"))
				.build()).migrate();
			assertThat(this.jdbc.queryForList("SELECT lw FROM " + this.schema + ".seen", Long.class))
				.containsExactly(1L, 1L);
			assertThat(this.jdbc.queryForList("SELECT ilw FROM " + this.schema + ".seen", Long.class))
				.containsExactly(1L, 1L);
			assertThat(onEveryPooledConnection(pool, 4, MigratorLockTimeoutMariaDbTests::lockWaitTimeout))
				.containsOnly(before);
		}
	}

	@Test
	void theStatementTimeoutStopsALongStatementNamingItsFileAndLineAndIsSetBackOnEveryPooledConnection()
			throws Exception {
		// MariaDB's max_statement_time, set once per run with the lock timeouts
		this.files.migration("1_seen.sql", "CREATE TABLE seen AS SELECT @@SESSION.max_statement_time AS mst;",
				"DROP TABLE seen;");
		this.files.migration("2_slow.sql", "INSERT INTO orders VALUES (20);\nSELECT SLEEP(5);",
				"DELETE FROM orders WHERE id = 20;");
		try (HikariDataSource pool = pool(4)) {
			double before;
			try (Connection connection = pool.getConnection()) {
				before = maxStatementTime(connection);
			}
			long started = System.nanoTime();
			assertThatExceptionOfType(MigrationExecutionException.class)
				.isThrownBy(() -> new Migrator(pool, MigratorConfig.builder()
					.locations(this.files.location())
					.lockTimeout(LOCK_TIMEOUT)
					.statementTimeout(Duration.ofMillis(500))
					.baselineOnMigrate(true)
					.baselineVersion(MigrationVersion.parse("0"))
					.build()).migrate())
				.satisfies((ex) -> {
					assertThat(ex.getScript()).endsWith("2_slow.sql");
					assertThat(ex.getLine()).isEqualTo(3);
					assertThat(ex.getMessage()).contains("max_statement_time");
					assertThat(ex.isDirty()).isFalse();
					assertThat(ex.getAction())
						.startsWith("The statement on line 3 ran longer than migrations.statement-timeout allows")
						.contains("Nothing of it was applied");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the 5 s sleep ends")
				.isLessThan(Duration.ofSeconds(4));
			assertThat(this.jdbc.queryForObject("SELECT mst FROM " + this.schema + ".seen", Double.class))
				.isEqualTo(0.5);
			assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".orders ORDER BY id", Integer.class))
				.containsExactly(1, 2, 3);
			assertThat(onEveryPooledConnection(pool, 4, MigratorLockTimeoutMariaDbTests::maxStatementTime))
				.containsOnly(before);
		}
	}

	/**
	 * A pool of connections to the test's schema, as an application has.
	 */
	private HikariDataSource pool(int size) {
		HikariConfig hikari = new HikariConfig();
		hikari.setJdbcUrl(db.jdbcUrl().replace("/" + db.name(), "/" + this.schema));
		hikari.setUsername(db.user());
		hikari.setPassword(db.password());
		hikari.setMaximumPoolSize(size);
		return new HikariDataSource(hikari);
	}

	/**
	 * Reads a value on every connection of the pool, all held at once so that none is read twice.
	 */
	private static <T> List<T> onEveryPooledConnection(DataSource pool, int size, ConnectionRead<T> read)
			throws SQLException {
		List<Connection> all = new ArrayList<>();
		try {
			for (int i = 0; i < size; i++) {
				all.add(pool.getConnection());
			}
			List<T> values = new ArrayList<>();
			for (Connection connection : all) {
				values.add(read.read(connection));
			}
			return values;
		}
		finally {
			for (Connection connection : all) {
				connection.close();
			}
		}
	}

	@FunctionalInterface
	private interface ConnectionRead<T> {

		T read(Connection connection) throws SQLException;

	}

	private static double maxStatementTime(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT @@SESSION.max_statement_time")) {
			rs.next();
			return rs.getDouble(1);
		}
	}

	private void awaitMetadataLockWait() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			Integer waiting = this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
					+ "WHERE DB = ? AND STATE = 'Waiting for table metadata lock'", Integer.class, this.schema);
			if (waiting != null && waiting > 0) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("The migration never waited for the metadata lock");
	}

	private static long lockWaitTimeout(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT @@SESSION.lock_wait_timeout")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private Migrator migrator(int retries) {
		return new Migrator(db.dataSource(this.schema), MigratorConfig.builder()
			.locations(this.files.location())
			.lockTimeout(LOCK_TIMEOUT)
			.lockRetries(retries)
			.lockLease(Duration.ofSeconds(5))
			.lint(LintMode.OFF)
			.preflight((p) -> p.enabled(false))
			// the fixture's table is the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.build());
	}

	/**
	 * A transaction left open after a read, as a report or a leaked connection would: it holds the
	 * table's shared metadata lock until it ends.
	 */
	private Connection openTransactionReading() throws SQLException {
		return MariaDbDatabase.openTransactionReading(db.dataSource(this.schema), "orders");
	}

	private boolean columnExists() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
				+ "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'", Integer.class, this.schema) > 0;
	}

	/**
	 * The application: reads the table in a loop on a connection of its own, and measures the
	 * longest read (those queued behind the migration's waiting exclusive request).
	 */
	private final class Traffic implements AutoCloseable {

		final AtomicInteger queries = new AtomicInteger();

		private final AtomicLong longest = new AtomicLong();

		private final AtomicBoolean stopped = new AtomicBoolean();

		private final CompletableFuture<Void> loop;

		Traffic() {
			this.loop = CompletableFuture.runAsync(() -> {
				try (Connection connection = db.dataSource(MigratorLockTimeoutMariaDbTests.this.schema).getConnection();
						Statement statement = connection.createStatement()) {
					while (!this.stopped.get()) {
						long started = System.nanoTime();
						statement.executeQuery("SELECT COUNT(*) FROM orders").close();
						this.longest.accumulateAndGet(Duration.ofNanos(System.nanoTime() - started).toMillis(), Math::max);
						this.queries.incrementAndGet();
						Thread.sleep(20);
					}
				}
				catch (SQLException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		long stop() throws Exception {
			this.stopped.set(true);
			this.loop.get(10, TimeUnit.SECONDS);
			return this.longest.get();
		}

		@Override
		public void close() throws Exception {
			if (!this.stopped.get()) {
				stop();
			}
		}

	}

}
