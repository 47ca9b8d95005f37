package io.github.migrations.lock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.migrations.LockLiveness;
import io.github.migrations.LockLostException;
import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.testsupport.PostgresDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The lock contract on a real PostgreSQL, plus what only a server can show: cancelled
 * statements, terminated sessions, transactions ended by the server, and a killed JVM.
 */
class TableMigrationLockPostgresTests extends AbstractMigrationLockContractTests {

	@RegisterExtension
	static final PostgresDatabase db = new PostgresDatabase();

	@Override
	protected DataSource dataSource() {
		return db.dataSource();
	}

	private static @Nullable HikariDataSource pool;

	@Override
	protected synchronized DataSource pooledDataSource() {
		if (pool == null) {
			pool = new HikariDataSource();
			pool.setJdbcUrl(db.jdbcUrl());
			pool.setUsername(db.user());
			pool.setMaximumPoolSize(12);
		}
		return pool;
	}

	@AfterAll
	static void closePool() {
		if (pool != null) {
			pool.close();
		}
	}

	@Override
	protected LockSql lockSql() {
		return new PostgresDialect().lockSql();
	}

	@ParameterizedTest(name = "lease {0}, heartbeat {1}, wait {2}")
	@CsvSource({ "PT0S, PT0.1S, PT1S", "PT1S, PT0S, PT1S", "PT1S, PT1S, PT1S", "PT1S, PT2S, PT1S", "PT1S, PT0.3S, PT-1S" })
	void rejectsSettingsThatCannotKeepTheLock(Duration lease, Duration heartbeat, Duration waitTimeout) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TableMigrationLock(dataSource(), lockSql(),
				this.table, lease, heartbeat, waitTimeout, "runner-a"));
	}

	@Test
	void waiterWhoseLockTableIsDroppedRightAfterItsAttemptTakesTheLockOnTheNextPoll() throws Exception {
		LockLease stale = acquire(slowHeartbeatLock("runner-a"));
		// The drop lands between the waiter's acquiring UPDATE (no row: held) and its read of the
		// row, which once failed the wait with "relation does not exist".
		AtomicBoolean dropped = new AtomicBoolean();
		DataSource dropsAfterTheFirstAttempt = intercepting(db.dataSource(), (sql) -> {
			if (sql.contains("locked_by = ?") && dropped.compareAndSet(false, true)) {
				execute("DROP TABLE " + this.table);
			}
		});
		LockLease next = acquire(lock("runner-b", dropsAfterTheFirstAttempt, Duration.ofSeconds(10)));
		assertThat(dropped).isTrue();
		assertThat(next.fence()).isGreaterThan(stale.fence());
		assertThatExceptionOfType(LockLostException.class).isThrownBy(stale::check);
	}

	/**
	 * A DataSource whose prepared queries call {@code afterQuery} with their SQL once they have run.
	 */
	private static DataSource intercepting(DataSource target, SqlCallback afterQuery) {
		return (DataSource) Proxy.newProxyInstance(TableMigrationLockPostgresTests.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = invoke(target, method, args);
					if (!(result instanceof Connection connection)) {
						return result;
					}
					return Proxy.newProxyInstance(TableMigrationLockPostgresTests.class.getClassLoader(),
							new Class<?>[] { Connection.class }, (c, m, a) -> {
								Object statement = invoke(connection, m, a);
								if (!(statement instanceof PreparedStatement prepared)) {
									return statement;
								}
								String sql = (String) a[0];
								return Proxy.newProxyInstance(TableMigrationLockPostgresTests.class.getClassLoader(),
										new Class<?>[] { PreparedStatement.class }, (p, pm, pa) -> {
											Object value = invoke(prepared, pm, pa);
											if (pm.getName().equals("executeQuery")) {
												afterQuery.accept(sql);
											}
											return value;
										});
							});
				});
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@FunctionalInterface
	private interface SqlCallback {

		void accept(String sql) throws SQLException;

	}

	@Test
	void rejectsAMaximumBackoffBelowTheInitialOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> lock("runner-a").withBackoff(Duration.ofSeconds(1), Duration.ofMillis(10)));
	}

	@Test
	void heartbeatCancelsTheRunningStatementWhenTheFenceIsChangedByHand() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			lease.running(statement);
			executor.submit(() -> {
				Thread.sleep(300);
				execute("UPDATE " + this.table + " SET fence = fence + 1");
				return null;
			});
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57014"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(lease.isLost()).isTrue();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::check);
	}

	@Test
	void heartbeatCancelsTheRunningStatementWhenItCannotRenewWithinTheLease() throws Exception {
		CutOffDataSource network = new CutOffDataSource(dataSource());
		LockLease lease = acquire(lock("runner-a", network, Duration.ZERO));
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			lease.running(statement);
			network.cutOff();
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57014"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE.plusSeconds(2));
		}
		assertThat(lease.isLost()).isTrue();
	}

	@Test
	void heartbeatSurvivesItsConnectionBeingTerminated() throws Exception {
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl(db.jdbcUrl());
			pool.setUsername(db.user());
			pool.setMaximumPoolSize(1);
			pool.addDataSourceProperty("ApplicationName", "heartbeat-" + this.table);
			LockLease lease = acquire(lock("runner-a", pool, Duration.ZERO));
			Thread.sleep(HEARTBEAT.toMillis() * 2);
			List<Integer> before = heartbeatPids();
			assertThat(before).isNotEmpty();
			execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'heartbeat-"
					+ this.table + "'");
			Thread.sleep(LEASE.toMillis() * 2);
			assertThat(lease.isLost()).isFalse();
			assertThat(lock("runner-b").tryAcquire()).isEmpty();
			assertThat(heartbeatPids()).isNotEmpty().doesNotContainAnyElementsOf(before);
			assertThat(queryLong("SELECT COUNT(*) FROM " + this.table
					+ " WHERE lease_expires_at > clock_timestamp() + interval '500 milliseconds'")).isOne();
			lease.close();
		}
	}

	@Test
	void ourOwnTransactionHoldingTheLockRowKeepsTheLockBeyondTheLease() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			lease.fence(tx);
			assertThat(show(statement, "idle_in_transaction_session_timeout")).isEqualTo("1500ms");
			var takeover = executor.submit(() -> {
				Thread.sleep(LEASE.toMillis() + 500);
				return lock("runner-b").tryAcquire();
			});
			statement.execute("SELECT pg_sleep(" + (LEASE.toMillis() * 2 / 1000.0) + ")");
			assertThat(takeover.get(5, TimeUnit.SECONDS)).isEmpty();
			assertThat(lease.isLost()).isFalse();
			lease.beforeCommit(tx);
			tx.commit();
			assertThat(show(statement, "idle_in_transaction_session_timeout")).isEqualTo("0");
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + this.table
				+ " WHERE lease_expires_at > clock_timestamp() + interval '1 second'")).isOne();
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
	}

	@Test
	void serverEndsTheIdleMigrationTransactionOfAPausedHolder() throws Exception {
		CutOffDataSource network = new CutOffDataSource(dataSource());
		LockLease paused = acquire(lock("runner-a", network, Duration.ZERO));
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			paused.fence(tx);
			statement.execute("CREATE TABLE " + this.table + "_paused (id int)");
			// The process stops here (SIGSTOP): no heartbeat, no statement, transaction open.
			network.cutOff();
			long start = System.nanoTime();
			LockLease next = acquire(lock("runner-b", dataSource(), Duration.ofSeconds(10)));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE.plusSeconds(2));
			assertThat(next.fence()).isGreaterThan(paused.fence());
			// SIGCONT: whatever the paused runner does now, it cannot commit.
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
				statement.execute("INSERT INTO " + this.table + "_paused VALUES (1)");
				tx.commit();
			});
		}
		assertThat(queryLong("SELECT COUNT(*) FROM pg_tables WHERE tablename = '" + this.table + "_paused'")).isZero();
	}

	@Test
	void killedHolderLeavesNoPartialDdlAndIsTakenOverAsSoonAsItsSessionIsGoneDespiteItsLease() throws Exception {
		Duration lease = Duration.ofSeconds(30);
		String created = this.table + "_killed";
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				LockHolderMain.class.getName(), db.jdbcUrl(), db.user(), this.table, String.valueOf(lease.toMillis()),
				created)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'lock-holder' "
					+ "AND state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'") == 0) {
				assertThat(holder.isAlive()).as("holder process alive").isTrue();
				assertThat(System.nanoTime()).as("holder started its migration").isLessThan(deadline);
				Thread.sleep(50);
			}
			assertThat(lock("runner-b").tryAcquire()).isEmpty();
			holder.destroyForcibly();
			long killedAt = System.nanoTime();
			LockLease next = acquire(lock("runner-b", dataSource(), Duration.ofSeconds(60)));
			Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
			System.out.println("Takeover after kill -9 took " + takeover.toMillis() + " ms (lease " + lease.toMillis()
					+ " ms)");
			// generous against a loaded machine, and still far from the lease
			assertThat(takeover).isLessThan(Duration.ofSeconds(10));
			assertThat(next.fence()).isGreaterThan(0);
			assertThat(queryLong("SELECT COUNT(*) FROM pg_tables WHERE tablename = '" + created + "'")).isZero();
			assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			holder.destroyForcibly();
		}
	}

	@Test
	void holderRecordsTheSessionItKeepsOpenWithItsFence() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		String session = holderSession();
		assertThat(session).startsWith(lease.fence() + "/");
		String pid = session.substring(session.indexOf('/') + 1, session.indexOf(':'));
		assertThat(queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + pid)).isOne();
		Thread.sleep(HEARTBEAT.toMillis() * 3);
		assertThat(holderSession()).as("the heartbeat beats on that session and keeps it").isEqualTo(session);
		lease.close();
		awaitTrue(() -> {
			try {
				return queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + pid) == 0;
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}, Duration.ofSeconds(5));
	}

	@Test
	void checkBeforeAStatementOutsideATransactionMakesTheHoldingLeaseOnly() throws Exception {
		// such a statement (CREATE INDEX CONCURRENTLY) goes on on the server after a kill -9
		LockLease lease = acquire(lock("runner-a"));
		assertThat(holderSession()).isNotNull();
		lease.check();
		assertThat(holderSession()).isNull();
		Thread.sleep(HEARTBEAT.toMillis() * 3);
		assertThat(holderSession()).as("the heartbeat does not record it again").isNull();
		assertThat(lease.isLost()).isFalse();
	}

	@Test
	void holderWronglyDeclaredGoneIsTakenOverAtOnceAndCommitsNothing() throws Exception {
		LockLease wronged = acquire(slowHeartbeatLock("runner-a"));
		execute("CREATE TABLE " + this.table + "_data (id int)");
		// as if its session had ended: a pid that no session has
		execute("UPDATE " + this.table + " SET holder_session = CAST(fence AS varchar) || '/999999999:1'");
		LockLease next = lock("runner-b").tryAcquire().orElseThrow();
		closeAfterTest(next);
		assertThat(next.fence()).isGreaterThan(wronged.fence());
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> {
				wronged.fence(tx);
				statement.execute("INSERT INTO " + this.table + "_data VALUES (1)");
				wronged.beforeCommit(tx);
				tx.commit();
			}).withMessageContaining("fence " + next.fence());
			tx.rollback();
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + this.table + "_data")).isZero();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(wronged::check);
	}

	@Test
	void rowLockedByTheHoldersTransactionIsNotTakenOverEvenWhenItsRecordedSessionIsGone() throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET holder_session = CAST(fence AS varchar) || '/999999999:1'");
		try (Connection tx = dataSource().getConnection()) {
			tx.setAutoCommit(false);
			holder.fence(tx);
			assertThat(lock("runner-b").tryAcquire()).isEmpty();
			holder.beforeCommit(tx);
			tx.commit();
		}
		assertThat(holder.isLost()).isFalse();
		LockLease next = lock("runner-b").tryAcquire().orElseThrow();
		closeAfterTest(next);
		assertThat(next.fence()).isGreaterThan(holder.fence());
	}

	@Test
	void leaseOnlyWaiterWaitsOutTheLeaseOfAHolderWhoseSessionIsGone() throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET holder_session = CAST(fence AS varchar) || '/999999999:1'");
		assertThat(lock("runner-b", LockLiveness.LEASE_ONLY).tryAcquire()).isEmpty();
		assertThat(holder.isLost()).isFalse();
	}

	@Test
	void leaseOnlyHolderRecordsNoSessionAndIsNotTakenOverEarly() throws Exception {
		LockLease holder = acquire(lock("runner-a", LockLiveness.LEASE_ONLY));
		assertThat(holderSession()).isNull();
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
		holder.check();
	}

	@Test
	void sessionRecordedForAnEarlierFenceIsNotTrusted() throws Exception {
		// a runner of an older version took the lock and left the column as its predecessor wrote it
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET holder_session = CAST(fence - 1 AS varchar) || '/999999999:1'");
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
		assertThat(holder.isLost()).isFalse();
	}

	@Test
	void lockTableOfAnOlderVersionGainsTheSessionColumnFromItsNextHolder() throws Exception {
		execute("CREATE TABLE " + this.table + " (id INTEGER PRIMARY KEY, is_locked BOOLEAN NOT NULL, "
				+ "locked_by VARCHAR(255), locked_at TIMESTAMP WITH TIME ZONE, lease_expires_at TIMESTAMP WITH TIME ZONE, "
				+ "fence BIGINT NOT NULL)");
		execute("INSERT INTO " + this.table + " (id, is_locked, fence) VALUES (1, false, 1)");
		try (LockLease first = lock("runner-a").acquire()) {
			assertThat(first.fence()).isEqualTo(2);
			assertThat(holderSession()).as("this holding is lease only").isNull();
		}
		try (LockLease second = lock("runner-a").acquire()) {
			assertThat(holderSession()).startsWith("3/");
		}
	}

	private @Nullable String holderSession() throws SQLException {
		try (Connection connection = db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT holder_session FROM " + this.table)) {
			assertThat(rs.next()).isTrue();
			return rs.getString(1);
		}
	}

	private TableMigrationLock lock(String owner, LockLiveness liveness) {
		return new TableMigrationLock(dataSource(), lockSql(), this.table, LEASE, HEARTBEAT, Duration.ZERO, owner,
				liveness);
	}

	private List<Integer> heartbeatPids() throws SQLException {
		List<Integer> pids = new ArrayList<>();
		try (Connection connection = db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'heartbeat-"
						+ this.table + "'")) {
			while (rs.next()) {
				pids.add(rs.getInt(1));
			}
		}
		return pids;
	}

	private static String show(Statement statement, String setting) throws SQLException {
		try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
