package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.github.migrations.LockInfo;
import io.github.migrations.LockLostException;
import io.github.migrations.LockTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every database's {@link TableMigrationLock} must guarantee. Leases are short (about a
 * second) so that takeovers happen within the test. Each test uses a lock table of its own.
 */
abstract class AbstractMigrationLockContractTests {

	static final Duration LEASE = Duration.ofMillis(1500);

	static final Duration HEARTBEAT = Duration.ofMillis(300);

	private static final AtomicInteger tables = new AtomicInteger();

	protected String table = "";

	private final List<LockLease> leases = new ArrayList<>();

	protected abstract DataSource dataSource();

	protected abstract LockSql lockSql();

	/**
	 * A session of its own beside {@link #dataSource()}'s, for a transaction that holds a row
	 * while the lock's statements run.
	 */
	protected DataSource otherSessionDataSource() {
		return dataSource();
	}

	/**
	 * Where the many-runner tests get connections: a pool where opening a session is costly.
	 */
	protected DataSource pooledDataSource() {
		return dataSource();
	}

	@BeforeEach
	void newTable() {
		this.table = "migration_lock_" + tables.incrementAndGet();
	}

	@AfterEach
	void releaseAll() {
		this.leases.forEach(LockLease::close);
	}

	@Test
	void tryAcquireReturnsEmptyWhileAnotherRunnerHoldsTheLock() {
		LockLease held = acquire(lock("runner-a"));
		assertThat(held.isLost()).isFalse();
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
	}

	@Test
	void closingTheLeaseLetsAnotherRunnerAcquire() {
		LockLease held = acquire(lock("runner-a"));
		held.close();
		Optional<LockLease> next = lock("runner-b").tryAcquire();
		next.ifPresent(this.leases::add);
		assertThat(next).isPresent();
		assertThat(next.get().fence()).isGreaterThan(held.fence());
	}

	@Test
	void fencesStartAtTheDatabasesEpochMillisecondsAndGrowWithEveryAcquisition() {
		long before = System.currentTimeMillis() - 60_000;
		List<Long> fences = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			try (LockLease lease = lock("runner-" + i).acquire()) {
				fences.add(lease.fence());
			}
		}
		assertThat(fences.get(0)).isGreaterThan(before);
		assertThat(fences).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void readShowsTheHolderWhileHeldAndNothingHeldAfterRelease() {
		TableMigrationLock lock = lock("host-a:42:billing");
		assertThat(lock.read().held()).isFalse();
		LockLease lease = acquire(lock);
		LockInfo info = lock.read();
		assertThat(info.held()).isTrue();
		assertThat(info.holder()).isEqualTo("host-a:42:billing");
		assertThat(info.fence()).isEqualTo(lease.fence());
		assertThat(info.leaseExpiresAt()).isAfter(info.lockedAt());
		lease.close();
		assertThat(lock.read().held()).isFalse();
	}

	@Test
	void heartbeatKeepsTheLockBeyondItsLease() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		Thread.sleep(LEASE.toMillis() * 2);
		assertThat(lease.isLost()).isFalse();
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
		lease.check();
	}

	@Test
	void theHeartbeatSkipsTheRowInsteadOfWaitingWhileAnotherTransactionHoldsIt() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		LockTable lockTable = new LockTable(dataSource(), lockSql(), this.table, LEASE);
		try (Connection migration = otherSessionDataSource().getConnection();
				Connection heartbeat = lockTable.connect()) {
			// as our own migration transaction holds the row until it commits
			migration.setAutoCommit(false);
			try (Statement statement = migration.createStatement()) {
				statement.executeQuery("SELECT fence FROM " + this.table + " WHERE id = 1 FOR UPDATE").close();
			}
			long started = System.nanoTime();
			assertThat(lockTable.extend(heartbeat, lease.fence(), true)).isZero();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			migration.rollback();
			assertThat(lockTable.extend(heartbeat, lease.fence(), true)).isOne();
			assertThat(lockTable.extend(heartbeat, lease.fence() + 1, true)).as("another fence").isZero();
			assertThat(heartbeat.getAutoCommit()).isTrue();
		}
	}

	@Test
	void waitTimeoutErrorNamesTheHolder() {
		acquire(lock("host-a:42:billing"));
		TableMigrationLock waiter = lock("runner-b", dataSource(), Duration.ofMillis(300));
		long start = System.nanoTime();
		assertThatExceptionOfType(LockTimeoutException.class).isThrownBy(waiter::acquire)
			.satisfies((ex) -> assertThat(ex.getContext()).containsEntry("held by", "host-a:42:billing")
				.containsKeys("since", "lease expires at"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void runnerCutOffFromTheDatabaseLosesTheLockAndAnotherTakesOverAfterTheLease() throws Exception {
		CutOffDataSource network = new CutOffDataSource(dataSource());
		LockLease stale = acquire(lock("runner-a", network, Duration.ZERO));
		network.cutOff();
		long start = System.nanoTime();
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
		LockLease next = acquire(lock("runner-b", dataSource(), Duration.ofSeconds(10)));
		Duration takeover = Duration.ofNanos(System.nanoTime() - start);
		assertThat(takeover).isBetween(LEASE.dividedBy(2), LEASE.plusSeconds(3));
		assertThat(next.fence()).isGreaterThan(stale.fence());
		awaitTrue(stale::isLost, LEASE.plusSeconds(2));
		network.reconnect();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(stale::check);
		try (Connection tx = dataSource().getConnection()) {
			tx.setAutoCommit(false);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> stale.fence(tx));
			tx.rollback();
		}
		next.check();
		assertThat(next.isLost()).isFalse();
	}

	@Test
	void checkThrowsWhenTheFenceWasChangedByHand() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET fence = fence + 100");
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::check)
			.withMessageContaining("fence " + (lease.fence() + 100));
		assertThat(lease.isLost()).isTrue();
	}

	@Test
	void checkRightAfterAnotherCheckStillThrowsWhenTheFenceWasChangedByHand() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		lease.check();
		execute("UPDATE " + this.table + " SET fence = fence + 100");
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::check)
			.withMessageContaining("fence " + (lease.fence() + 100));
		assertThat(lease.isLost()).isTrue();
	}

	@Test
	void checkRightAfterAnotherCheckThrowsWhenTheLockTableWasDropped() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		lease.check();
		execute("DROP TABLE " + this.table);
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::check)
			.withMessageContaining("was dropped");
	}

	@Test
	void aFencedWriteWritesWhileTheLockIsOursAndNothingOnceTheFenceWasChangedByHand() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		String rows = this.table + "_rows";
		execute("CREATE TABLE " + rows + " (id INTEGER)");
		try (Connection connection = dataSource().getConnection()) {
			lease.fencedWrite(connection, (fencedRows, fence) -> insertFenced(connection, rows, fencedRows, fence));
			execute("UPDATE " + this.table + " SET fence = fence + 100");
			assertThatExceptionOfType(LockLostException.class)
				.isThrownBy(() -> lease.fencedWrite(connection,
						(fencedRows, fence) -> insertFenced(connection, rows, fencedRows, fence)))
				.withMessageContaining("fence " + (lease.fence() + 100));
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + rows)).as("only the write made while the lock was ours")
			.isEqualTo(1);
		assertThat(lease.isLost()).isTrue();
	}

	@Test
	void aStandingProofCountsForTheNextStatementOnly() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		lease.check();
		execute("UPDATE " + this.table + " SET fence = fence + 100");
		// the check's proof stands for one statement: the window a proof leaves, at most one statement
		lease.checkBeforeStatement();
		assertThat(lease.isLost()).isFalse();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::checkBeforeStatement)
			.withMessageContaining("fence " + (lease.fence() + 100));
	}

	@Test
	void aSpentProofDoesNotCountForTheNextStatement() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		lease.prove();
		execute("UPDATE " + this.table + " SET fence = fence + 100");
		lease.spend();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::checkBeforeStatement);
	}

	private static int insertFenced(Connection connection, String rows, String fencedRows, long fence)
			throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("INSERT INTO " + rows + " (id) SELECT 1" + fencedRows)) {
			statement.setLong(1, fence);
			return statement.executeUpdate();
		}
	}

	@Test
	void checksExtendTheLeaseOnceAThirdOfItHasPassed() throws Exception {
		// no heartbeat comes round during the test: only the checks move the lease
		Duration lease6s = Duration.ofSeconds(6);
		LockLease lease = acquire(new TableMigrationLock(dataSource(), lockSql(), this.table, lease6s,
				lease6s.minusMillis(100), Duration.ZERO, "runner-a"));
		lease.check();
		String expires = "SELECT lease_expires_at FROM " + this.table;
		String afterFirst = queryString(expires);
		lease.check();
		assertThat(queryString(expires)).as("a check within a third of the lease only reads").isEqualTo(afterFirst);
		Thread.sleep(lease6s.toMillis() / 3 + 100);
		execute("UPDATE " + this.table + " SET lease_expires_at = locked_at");
		lease.check();
		assertThat(queryString(expires)).as("a check after a third of the lease extends it").isNotEqualTo(
				queryString("SELECT locked_at FROM " + this.table));
		assertThat(lease.isLost()).isFalse();
	}

	@Test
	void fenceStopsTheMigrationTransactionWhenTheFenceWasChangedByHand() throws Exception {
		LockLease lease = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET fence = fence + 100");
		try (Connection tx = dataSource().getConnection()) {
			tx.setAutoCommit(false);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> lease.fence(tx));
			tx.rollback();
		}
		assertThat(lease.isLost()).isTrue();
	}

	@Test
	void fencedTransactionCommitsWhileTheLockIsOurs() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		execute("CREATE TABLE " + this.table + "_data (id INT)");
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			lease.fence(tx);
			statement.execute("INSERT INTO " + this.table + "_data VALUES (1)");
			lease.beforeCommit(tx);
			tx.commit();
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + this.table + "_data")).isEqualTo(1);
		assertThat(lease.isLost()).isFalse();
	}

	@Test
	void waiterRecreatesTheLockRowDeletedByHand() throws Exception {
		LockLease stale = acquire(slowHeartbeatLock("runner-a"));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<LockLease> waiting = executor.submit(() -> lock("runner-b", dataSource(), Duration.ofSeconds(10)).acquire());
			Thread.sleep(200);
			execute("DELETE FROM " + this.table);
			LockLease next = waiting.get(LEASE.toMillis(), TimeUnit.MILLISECONDS);
			this.leases.add(next);
			assertThat(next.fence()).isGreaterThan(stale.fence());
		}
		finally {
			executor.shutdownNow();
		}
		assertThatExceptionOfType(LockLostException.class).isThrownBy(stale::check);
	}

	@Test
	void waiterRecreatesTheLockTableDroppedByHand() throws Exception {
		LockLease stale = acquire(slowHeartbeatLock("runner-a"));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<LockLease> waiting = executor.submit(() -> lock("runner-b", dataSource(), Duration.ofSeconds(10)).acquire());
			Thread.sleep(200);
			execute("DROP TABLE " + this.table);
			LockLease next = waiting.get(LEASE.toMillis(), TimeUnit.MILLISECONDS);
			this.leases.add(next);
			assertThat(next.fence()).isGreaterThan(stale.fence());
		}
		finally {
			executor.shutdownNow();
		}
		assertThatExceptionOfType(LockLostException.class).isThrownBy(stale::check);
	}

	@Test
	void heartbeatReportsTheLockLostWhenTheLockTableIsDropped() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		execute("DROP TABLE " + this.table);
		awaitTrue(lease::isLost, HEARTBEAT.multipliedBy(3));
		assertThatExceptionOfType(LockLostException.class).isThrownBy(lease::check)
			.withMessageContaining("dropped");
	}

	@Test
	void createIfMissingIsSafeWhenRunnersRaceOnIt() throws Exception {
		int runners = 8;
		CyclicBarrier start = new CyclicBarrier(runners);
		ExecutorService executor = Executors.newFixedThreadPool(runners);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < runners; i++) {
				TableMigrationLock lock = lock("runner-" + i);
				done.add(executor.submit(() -> {
					start.await();
					lock.createIfMissing();
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + this.table)).isEqualTo(1);
	}

	@Test
	void onlyOneRunnerHoldsTheLockAtATime() throws Exception {
		execute("CREATE TABLE " + this.table + "_counter (n INT NOT NULL)");
		execute("INSERT INTO " + this.table + "_counter VALUES (0)");
		int runners = 8;
		int rounds = 10;
		AtomicInteger holders = new AtomicInteger();
		AtomicInteger mostHolders = new AtomicInteger();
		Set<Long> fences = ConcurrentHashMap.newKeySet();
		CyclicBarrier start = new CyclicBarrier(runners);
		ExecutorService executor = Executors.newFixedThreadPool(runners);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < runners; i++) {
				TableMigrationLock lock = lock("runner-" + i, pooledDataSource(), Duration.ofSeconds(60))
					.withBackoff(Duration.ofMillis(2), Duration.ofMillis(40));
				done.add(executor.submit(() -> {
					start.await();
					for (int round = 0; round < rounds; round++) {
						try (LockLease lease = lock.acquire()) {
							mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
							fences.add(lease.fence());
							try (Connection tx = pooledDataSource().getConnection();
									Statement statement = tx.createStatement()) {
								tx.setAutoCommit(false);
								lease.fence(tx);
								statement.executeUpdate("UPDATE " + this.table + "_counter SET n = n + 1");
								lease.beforeCommit(tx);
								tx.commit();
							}
							holders.decrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(mostHolders).hasValue(1);
		assertThat(fences).hasSize(runners * rounds);
		assertThat(queryLong("SELECT n FROM " + this.table + "_counter")).isEqualTo(runners * rounds);
	}

	// helpers

	protected TableMigrationLock lock(String owner) {
		return lock(owner, dataSource(), Duration.ZERO);
	}

	protected TableMigrationLock lock(String owner, DataSource dataSource, Duration waitTimeout) {
		return new TableMigrationLock(dataSource, lockSql(), this.table, LEASE, HEARTBEAT, waitTimeout, owner)
			.withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
	}

	/**
	 * A lock whose heartbeat does not come round during a short test, so the checks themselves
	 * have to find out.
	 */
	protected TableMigrationLock slowHeartbeatLock(String owner) {
		return new TableMigrationLock(dataSource(), lockSql(), this.table, Duration.ofSeconds(60),
				Duration.ofSeconds(50), Duration.ZERO, owner);
	}

	protected LockLease acquire(TableMigrationLock lock) {
		return closeAfterTest(lock.acquire());
	}

	/**
	 * Releases the lease after the test.
	 */
	protected LockLease closeAfterTest(LockLease lease) {
		this.leases.add(lease);
		return lease;
	}

	protected void execute(String sql) throws SQLException {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	protected String queryString(String sql) throws SQLException {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			assertThat(rs.next()).isTrue();
			return String.valueOf(rs.getObject(1));
		}
	}

	protected long queryLong(String sql) throws SQLException {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			assertThat(rs.next()).isTrue();
			return rs.getLong(1);
		}
	}

	protected static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within %s", timeout).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
