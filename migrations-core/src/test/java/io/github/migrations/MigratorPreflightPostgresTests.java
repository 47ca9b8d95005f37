package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.migrations.preflight.MaintenanceWindow;
import io.github.migrations.preflight.PreflightCheck;
import io.github.migrations.preflight.PreflightConfig;
import io.github.migrations.preflight.PreflightContext;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightRunner;
import io.github.migrations.preflight.PreflightStatus;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The pre-flight checks inside {@link Migrator#migrate()} on a real PostgreSQL, each condition
 * created for real by other sessions: a blocking finding stops the run before anything is
 * created or changed, a warning lets it go on, and nothing runs when nothing is pending.
 */
class MigratorPreflightPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	private final Recorder recorder = new Recorder();

	private final List<Connection> sessions = new ArrayList<>();

	private final List<CompletableFuture<?>> background = new ArrayList<>();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void ordersTableAndOneMigrationThatAltersIt() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.schema = "pf" + System.nanoTime();
		this.jdbc.execute("CREATE SCHEMA " + this.schema);
		this.jdbc.execute("CREATE TABLE " + this.schema + ".orders (id int PRIMARY KEY)");
		this.jdbc.execute("INSERT INTO " + this.schema + ".orders SELECT generate_series(1, 1000)");
		this.jdbc.execute("CREATE TABLE " + this.schema + ".notes (id int PRIMARY KEY)");
		this.files.migration("1_add_note.sql", "ALTER TABLE " + this.schema + ".orders ADD COLUMN note text;",
				"ALTER TABLE " + this.schema + ".orders DROP COLUMN note;");
		this.log.start();
		((Logger) LoggerFactory.getLogger(PreflightRunner.class)).addAppender(this.log);
	}

	@AfterEach
	void endSessions() throws Exception {
		((Logger) LoggerFactory.getLogger(PreflightRunner.class)).detachAppender(this.log);
		for (Connection session : this.sessions) {
			session.close();
		}
		for (CompletableFuture<?> future : this.background) {
			try {
				future.get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// cancelled on purpose
			}
		}
	}

	@Test
	void aSessionIdleInTransactionHoldingALockOnTheAlteredTableBlocksTheRunAndNothingIsChanged() throws Exception {
		Connection blocker = openTransactionReading("nightly-report", "orders");
		int pid = pid(blocker);
		Thread.sleep(300);
		Migrator migrator = migrator((p) -> p.idleInTransactionThreshold(Duration.ofMillis(100)));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getBlocking()).singleElement().satisfies((result) -> {
				assertThat(result.check()).isEqualTo("blocking-sessions");
				assertThat(result.details()).containsEntry("pid", String.valueOf(pid))
					.containsEntry("applicationName", "nightly-report")
					.containsEntry("state", "idle in transaction")
					.containsEntry("locks", this.schema + ".orders AccessShareLock");
				assertThat(result.details().get("query")).startsWith("SELECT count(*) FROM " + this.schema + ".orders");
				assertThat(result.details().get("transactionStart")).isNotEqualTo("null");
				assertThat(result.message()).contains("pg_terminate_backend(" + pid + ")");
			});
			assertThat(ex.getMessage()).contains("1 blocking condition").contains("blocking-sessions: Session pid " + pid);
		});
		assertThat(columnExists()).isFalse();
		assertThat(tableExists("schema_migrations")).isFalse();
		assertThat(tableExists("migration_lock")).isFalse();
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status)
			.containsExactly(tuple("blocking-sessions", PreflightStatus.BLOCKING),
					tuple("table-size", PreflightStatus.PASSED), tuple("active-connections", PreflightStatus.PASSED),
					tuple("replication", PreflightStatus.PASSED));
		blocker.commit();
		assertThat(migrator.migrate().migrations()).hasSize(1);
		assertThat(columnExists()).isTrue();
	}

	@Test
	void aLongRunningQueryHoldingALockOnTheTableBlocksTheRun() throws Exception {
		Connection reporter = session("slow-report");
		int pid = pid(reporter);
		Statement query = reporter.createStatement();
		this.background.add(CompletableFuture.runAsync(() -> {
			try {
				query.executeQuery("SELECT pg_sleep(5), count(*) FROM " + this.schema + ".orders").close();
			}
			catch (SQLException ex) {
				// cancelled at the end of the test
			}
		}));
		awaitActiveFor(pid, Duration.ofMillis(300));
		Migrator migrator = migrator((p) -> p.longRunningThreshold(Duration.ofMillis(200)));
		try {
			assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
				.satisfies((ex) -> assertThat(ex.getBlocking()).singleElement().satisfies((result) -> {
					assertThat(result.details()).containsEntry("pid", String.valueOf(pid))
						.containsEntry("applicationName", "slow-report")
						.containsEntry("state", "active");
					assertThat(result.details().get("query")).startsWith("SELECT pg_sleep(5), count(*)");
					assertThat(result.message()).contains(" holds " + this.schema + ".orders AccessShareLock");
				}));
		}
		finally {
			query.cancel();
		}
		assertThat(columnExists()).isFalse();
		assertThat(tableExists("schema_migrations")).isFalse();
	}

	@Test
	void aSessionWaitingForALockOnTheTableIsReportedAsWaiting() throws Exception {
		Connection writer = session("writer");
		writer.setAutoCommit(false);
		try (Statement statement = writer.createStatement()) {
			statement.executeUpdate("UPDATE " + this.schema + ".orders SET id = id WHERE id = 1");
		}
		Connection locker = session("share-locker");
		int lockerPid = pid(locker);
		locker.setAutoCommit(false);
		Statement lock = locker.createStatement();
		this.background.add(CompletableFuture.runAsync(() -> {
			try {
				lock.execute("LOCK TABLE " + this.schema + ".orders IN SHARE MODE");
			}
			catch (SQLException ex) {
				// the writer's end lets it through; or the test ended
			}
		}));
		awaitActiveFor(lockerPid, Duration.ofMillis(300));
		Migrator migrator = migrator((p) -> p.longRunningThreshold(Duration.ofMillis(200)));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getBlocking()).hasSize(2)
				.anySatisfy((result) -> {
					assertThat(result.details()).containsEntry("applicationName", "writer")
						.containsEntry("locks", this.schema + ".orders RowExclusiveLock");
					assertThat(result.message()).contains(" holds ");
				})
				.anySatisfy((result) -> {
					assertThat(result.details()).containsEntry("pid", String.valueOf(lockerPid))
						.containsEntry("state", "active")
						.containsEntry("locks", this.schema + ".orders ShareLock (waiting)");
					assertThat(result.message()).contains(" waits for ");
				}));
		writer.rollback();
		assertThat(columnExists()).isFalse();
	}

	@Test
	void aSessionIdleInTransactionOnAnotherTableDoesNotBlock() throws Exception {
		openTransactionReading("nightly-report", "notes");
		Thread.sleep(300);
		RunResult result = migrator((p) -> p.idleInTransactionThreshold(Duration.ofMillis(100))).migrate();
		assertThat(result.migrations()).hasSize(1);
		assertThat(columnExists()).isTrue();
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status, PreflightResult::message)
			.contains(tuple("blocking-sessions", PreflightStatus.PASSED,
					"No session idle in transaction for PT0.1S or in a transaction older than PT1M holds or waits for a lock on "
							+ this.schema + ".orders"));
	}

	@Test
	void aTableOverTheSizeThresholdWarnsAndTheRunGoesOn() {
		this.files.migration("2_notes.sql", "ALTER TABLE " + this.schema + ".notes ADD COLUMN body text;",
				"ALTER TABLE " + this.schema + ".notes DROP COLUMN body;");
		RunResult result = migrator((p) -> p.tableSizeThreshold(DataSize.ofKilobytes(32))).migrate();
		assertThat(result.migrations()).hasSize(2);
		assertThat(columnExists()).isTrue();
		long ordersBytes = this.jdbc.queryForObject("SELECT pg_total_relation_size(?::regclass)", Long.class,
				this.schema + ".orders");
		long notesBytes = this.jdbc.queryForObject("SELECT pg_total_relation_size(?::regclass)", Long.class,
				this.schema + ".notes");
		System.out.printf("table sizes: orders (1000 rows) %d bytes, notes (empty) %d bytes; threshold 32768%n",
				ordersBytes, notesBytes);
		assertThat(this.recorder.last()).filteredOn((r) -> r.check().equals("table-size"))
			.singleElement()
			.satisfies((warning) -> {
				assertThat(warning.status()).isEqualTo(PreflightStatus.WARNING);
				assertThat(warning.details()).containsEntry("table", this.schema + ".orders")
					.containsEntry("thresholdBytes", "32768");
				assertThat(Long.parseLong(warning.details().get("bytes"))).isGreaterThan(32768);
				assertThat(warning.message()).contains("over 32.0 kB").contains("CONCURRENTLY");
			});
		assertThat(this.log.list).filteredOn((e) -> e.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((e) -> assertThat(e.getFormattedMessage()).startsWith("Pre-flight table-size WARNING: Table "
					+ this.schema + ".orders is "));
		assertThat(this.log.list).filteredOn((e) -> e.getLevel() == Level.INFO)
			.singleElement()
			.satisfies((e) -> assertThat(e.getFormattedMessage()).startsWith("Pre-flight checks for 2 pending migrations "
					+ "touching [" + this.schema + ".notes, " + this.schema + ".orders]: 3 passed, 1 warning, 0 blocking, 0 skipped"));
	}

	@Test
	void moreSessionsRunningAStatementThanTheThresholdWarnAndTheRunGoesOn() throws Exception {
		List<Statement> busy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Connection session = session("busy-app");
			Statement statement = session.createStatement();
			busy.add(statement);
			this.background.add(CompletableFuture.runAsync(() -> {
				try {
					statement.execute("SELECT pg_sleep(5)");
				}
				catch (SQLException ex) {
					// cancelled at the end of the test
				}
			}));
			awaitActiveFor(pid(session), Duration.ZERO);
		}
		try {
			RunResult result = migrator((p) -> p.activeConnectionsThreshold(1)).migrate();
			assertThat(result.migrations()).hasSize(1);
			assertThat(this.recorder.last()).filteredOn((r) -> r.check().equals("active-connections"))
				.singleElement()
				.satisfies((warning) -> {
					assertThat(warning.status()).isEqualTo(PreflightStatus.WARNING);
					assertThat(warning.details()).containsEntry("active", "2")
						.containsEntry("threshold", "1")
						.containsEntry("byApplication", "busy-app=2");
				});
		}
		finally {
			for (Statement statement : busy) {
				statement.cancel();
			}
		}
	}

	@Test
	void outsideTheMaintenanceWindowABlockingWindowStopsTheRun() {
		// 12:00 UTC is 13:00 in Berlin (winter time), outside 22:00-04:00
		Migrator migrator = migrator((p) -> p.maintenanceWindow(berlinNights()).clock(at("2024-01-15T12:00:00Z")));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getBlocking()).singleElement().satisfies((result) -> {
				assertThat(result.check()).isEqualTo("maintenance-window");
				assertThat(result.message()).startsWith(
						"Outside the maintenance window 22:00-04:00 Europe/Berlin (now 13:00 there)");
				assertThat(result.details()).containsEntry("now", "2024-01-15T12:00:00Z");
			}));
		assertThat(columnExists()).isFalse();
		assertThat(tableExists("migration_lock")).isFalse();
	}

	@Test
	void outsideTheMaintenanceWindowAWarningWindowLetsTheRunGoOn() {
		Migrator migrator = migrator((p) -> p.maintenanceWindow(berlinNights())
			.outsideWindow(PreflightStatus.WARNING)
			.clock(at("2024-01-15T12:00:00Z")));
		assertThat(migrator.migrate().migrations()).hasSize(1);
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status)
			.contains(tuple("maintenance-window", PreflightStatus.WARNING));
	}

	@Test
	void insideTheMaintenanceWindowAcrossMidnightTheRunGoesOn() {
		// 01:30 UTC is 02:30 in Berlin
		Migrator migrator = migrator((p) -> p.maintenanceWindow(berlinNights()).clock(at("2024-01-16T01:30:00Z")));
		assertThat(migrator.migrate().migrations()).hasSize(1);
		assertThat(this.recorder.last()).extracting(PreflightResult::check, PreflightResult::status,
				PreflightResult::message)
			.contains(tuple("maintenance-window", PreflightStatus.PASSED,
					"Within the maintenance window 22:00-04:00 Europe/Berlin (now 02:30 there)"));
	}

	@Test
	void nothingIsCheckedWhenNothingIsPending() {
		PreflightCheck alwaysBlocks = check("always-blocks",
				(context) -> List.of(PreflightResult.blocking("always-blocks", "no", Map.of())));
		migrator((p) -> p.skipChecks(java.util.Set.of("always-blocks")).check(alwaysBlocks)).migrate();
		assertThat(this.recorder.runs).hasSize(1);
		RunResult second = migrator((p) -> p.check(alwaysBlocks)).migrate();
		assertThat(second.successful()).isTrue();
		assertThat(this.recorder.runs).hasSize(1);
		assertThat(this.recorder.runs.get(0)).extracting(PreflightResult::check, PreflightResult::status)
			.contains(tuple("always-blocks", PreflightStatus.SKIPPED));
	}

	@Test
	void anApplicationCheckSeesThePendingMigrationsAndTablesAndCannotChangeAnything() {
		List<PreflightContext> seen = new CopyOnWriteArrayList<>();
		PreflightCheck writer = check("tries-to-write", (context) -> {
			seen.add(context);
			context.jdbcTemplate().update("INSERT INTO " + this.schema + ".orders VALUES (100001)");
			return List.of(PreflightResult.passed("tries-to-write", "wrote a row"));
		});
		PreflightCheck broken = check("broken", (context) -> {
			throw new SQLException("no such view", "42P01");
		});
		PreflightCheck vetoes = check("release-freeze",
				(context) -> List.of(PreflightResult.blocking("release-freeze", "Release freeze until Monday",
						PreflightResult.details("ticket", "OPS-1"))));
		Migrator migrator = migrator((p) -> p.check(writer).check(broken).check(vetoes));
		assertThatExceptionOfType(MigrationPreflightException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getBlocking()).extracting(PreflightResult::check)
				.containsExactly("release-freeze"));
		assertThat(seen).singleElement().satisfies((context) -> {
			assertThat(context.vendor()).isEqualTo("postgresql");
			assertThat(context.schema()).isEqualTo(this.schema);
			assertThat(context.tables()).containsExactly(this.schema + ".orders");
			assertThat(context.pending()).extracting((m) -> m.version().toString()).containsExactly("1");
			assertThat(context.applicationName()).isEqualTo(MigratorConfig.DEFAULT_APPLICATION_NAME);
			assertThat(context.settings().getChecks()).extracting(PreflightCheck::id)
				.containsExactly("tries-to-write", "broken", "release-freeze");
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + this.schema + ".orders WHERE id = 100001",
				Integer.class)).isZero();
		assertThat(this.recorder.last()).filteredOn((r) -> r.check().equals("broken"))
			.singleElement()
			.satisfies((r) -> {
				assertThat(r.status()).isEqualTo(PreflightStatus.WARNING);
				assertThat(r.message()).startsWith("The check could not run, so its condition is unknown: no such view [SQLState 42P01]");
			});
	}

	@Test
	@Timeout(30) // a check that ignored its timeout would wait for the locker, held until the end
	void aCheckWaitingForALockGivesUpAfterTheTimeoutWithAWarning() throws Exception {
		Connection locker = session("exclusive-locker");
		locker.setAutoCommit(false);
		try (Statement statement = locker.createStatement()) {
			statement.execute("LOCK TABLE " + this.schema + ".orders IN ACCESS EXCLUSIVE MODE");
		}
		long started = System.nanoTime();
		Migrator migrator = migrator((p) -> p.timeout(Duration.ofMillis(300)).idleInTransactionThreshold(Duration.ofHours(1)));
		// the size query needs ACCESS SHARE on the table: it waits at most the timeout
		RunResult result = null;
		try {
			result = migrator.migrate();
		}
		catch (MigrationException ex) {
			// the migration itself then times out on the lock, which is the engine's business
		}
		long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
		assertThat(this.recorder.last()).filteredOn((r) -> r.check().equals("table-size"))
			.singleElement()
			.satisfies((r) -> {
				assertThat(r.status()).isEqualTo(PreflightStatus.WARNING);
				// the statement timeout and the lock timeout are the same: either may fire first
				assertThat(r.message()).contains("could not run").containsPattern("SQLState (57014|55P03)");
			});
		assertThat(result).isNull();
		// 300 ms for the check, then 500 ms for the migration's own lock wait (no retries)
		assertThat(elapsed).isLessThan(5_000);
		locker.rollback();
		System.out.printf("table-size check behind ACCESS EXCLUSIVE: gave up, run ended after %d ms%n", elapsed);
	}

	private static MaintenanceWindow berlinNights() {
		return MaintenanceWindow.parse("22:00-04:00", ZoneId.of("Europe/Berlin"));
	}

	private static Clock at(String instant) {
		return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
	}

	private Migrator migrator(Consumer<PreflightConfig.Builder> preflight) {
		return new Migrator(database.dataSource(), MigratorConfig.builder()
			.schema(this.schema)
			.locations(this.files.location())
			.lockTimeout(Duration.ofMillis(500))
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

	private Connection session(String applicationName) throws SQLException {
		Connection connection = database.connect();
		this.sessions.add(connection);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET application_name = '" + applicationName + "'");
		}
		return connection;
	}

	/**
	 * A transaction left open after a read, as a report or a leaked connection would: it holds
	 * ACCESS SHARE on the table until it ends.
	 */
	private Connection openTransactionReading(String applicationName, String table) throws SQLException {
		Connection connection = session(applicationName);
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT count(*) FROM " + this.schema + "." + table).close();
		}
		return connection;
	}

	private void awaitActiveFor(int pid, Duration age) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			Boolean ready = this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ? "
					+ "AND state = 'active' AND query_start <= clock_timestamp() - ? * interval '1 millisecond')",
					Boolean.class, pid, age.toMillis());
			if (Boolean.TRUE.equals(ready)) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("Session " + pid + " did not become active");
	}

	private static int pid(Connection connection) throws SQLException {
		return connection.unwrap(PGConnection.class).getBackendPID();
	}

	private boolean columnExists() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = ? AND table_name = 'orders' "
						+ "AND column_name = 'note')",
				Boolean.class, this.schema));
	}

	private boolean tableExists(String table) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
				this.schema + "." + table));
	}

	static PreflightCheck check(String id, Body body) {
		return new PreflightCheck() {

			@Override
			public String id() {
				return id;
			}

			@Override
			public List<PreflightResult> check(PreflightContext context) throws SQLException {
				return body.check(context);
			}

		};
	}

	@FunctionalInterface
	interface Body {

		List<PreflightResult> check(PreflightContext context) throws SQLException;

	}

	static final class Recorder implements MigrationListener {

		final List<List<PreflightResult>> runs = new CopyOnWriteArrayList<>();

		@Override
		public void preflightChecked(List<PreflightResult> results) {
			this.runs.add(results);
		}

		List<PreflightResult> last() {
			assertThat(this.runs).isNotEmpty();
			return this.runs.get(this.runs.size() - 1);
		}

	}

}
