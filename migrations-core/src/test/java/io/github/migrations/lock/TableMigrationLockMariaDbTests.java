package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.migrations.LockLiveness;
import io.github.migrations.LockLostException;
import io.github.migrations.dialect.mariadb.MariaDbDialect;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lock contract on a real MariaDB: the row taken with {@code FOR UPDATE SKIP LOCKED} in a
 * short transaction, times from the database's UTC clock; a holder whose connection is gone from
 * the processlist is taken over before its lease ends.
 */
class TableMigrationLockMariaDbTests extends AbstractMigrationLockContractTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	@Override
	protected DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	protected LockSql lockSql() {
		try (Connection connection = db.connect()) {
			return MariaDbDialect.detect(connection).lockSql();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void holderWhoseConnectionIsKilledIsTakenOverAtOnceAndCommitsNothing() throws Exception {
		LockLease killed = acquire(slowHeartbeatLock("runner-a"));
		execute("CREATE TABLE " + this.table + "_data (id INT)");
		String session = holderSession();
		assertThat(session).startsWith(killed.fence() + "/").endsWith("/" + db.user());
		String connectionId = session.split("/")[1];
		assertThat(lock("runner-b").tryAcquire()).as("its session is alive").isEmpty();
		// what a kill -9 of the holder's JVM does to the session it keeps
		execute("KILL " + connectionId);
		long start = System.nanoTime();
		LockLease next = closeAfterTest(lock("runner-b", dataSource(), Duration.ofSeconds(10)).acquire());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well within the 60 s lease")
			.isLessThan(Duration.ofSeconds(10));
		assertThat(next.fence()).isEqualTo(killed.fence() + 1);
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> {
				killed.fence(tx);
				statement.execute("INSERT INTO " + this.table + "_data VALUES (1)");
				killed.beforeCommit(tx);
				tx.commit();
			});
			tx.rollback();
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + this.table + "_data")).isZero();
	}

	@Test
	void rowLockedByTheHoldersTransactionIsNotTakenOverEvenWhenItsRecordedSessionIsGone() throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET holder_session = CONCAT(fence, '/999999999/', "
				+ "SUBSTRING_INDEX(USER(), '@', 1))");
		try (Connection tx = dataSource().getConnection()) {
			tx.setAutoCommit(false);
			holder.fence(tx);
			assertThat(lock("runner-b").tryAcquire()).isEmpty();
			holder.beforeCommit(tx);
			tx.commit();
		}
		assertThat(holder.isLost()).isFalse();
		assertThat(lock("runner-b").tryAcquire().map(this::closeAfterTest)).isPresent();
	}

	@Test
	void aTransactionFencedAtItsEndHoldsTheLockRowFromItsFencedWriteToItsCommitEvenUnderReadCommitted()
			throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		assertThat(holder.fencesAtCommit()).isTrue();
		String rows = this.table + "_rows";
		execute("CREATE TABLE " + rows + " (id INT) ENGINE = InnoDB");
		// the lease ran out (no heartbeat comes round): a waiter may take the lock, unless the row is locked
		execute("UPDATE " + this.table + " SET lease_expires_at = TIMESTAMPADD(SECOND, -5, UTC_TIMESTAMP(6))");
		try (Connection tx = dataSource().getConnection()) {
			// InnoDB's INSERT ... SELECT reads without a lock under READ COMMITTED: the fenced rows lock it
			tx.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			tx.setAutoCommit(false);
			holder.beginFencedAtCommit();
			holder.fencedWriteBeforeCommit(tx, (fencedRows, fence) -> insertFenced(tx, rows, fencedRows, fence));
			assertThat(lock("runner-b").tryAcquire()).as("the row is share-locked to the commit").isEmpty();
			tx.commit();
			tx.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
		}
		assertThat(holder.isLost()).isFalse();
		assertThat(queryLong("SELECT COUNT(*) FROM " + rows)).isOne();
		assertThat(lock("runner-b").tryAcquire().map(this::closeAfterTest)).as("after the commit, the expired lease")
			.isPresent();
	}

	@Test
	void aTransactionFencedAtItsEndCommitsNothingOnceTheFenceWasChangedByHandWhileItRan() throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		String rows = this.table + "_rows";
		execute("CREATE TABLE " + rows + " (id INT) ENGINE = InnoDB");
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			holder.beginFencedAtCommit();
			statement.execute("INSERT INTO " + rows + " VALUES (7)");
			// nothing of the lock row is held before the fenced write: the change is not held back
			execute("UPDATE " + this.table + " SET fence = fence + 100, locked_by = 'runner-b'");
			assertThatExceptionOfType(LockLostException.class)
				.isThrownBy(() -> holder.fencedWriteBeforeCommit(tx,
						(fencedRows, fence) -> insertFenced(tx, rows, fencedRows, fence)))
				.withMessageContaining("fence " + (holder.fence() + 100))
				.withMessageContaining("runner-b");
			tx.commit();
			tx.setAutoCommit(true);
		}
		assertThat(queryLong("SELECT COUNT(*) FROM " + rows)).as("rolled back: neither the work nor the row").isZero();
		assertThat(holder.isLost()).isTrue();
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
	void leaseOnlyHolderRecordsNoSession() throws Exception {
		acquire(new TableMigrationLock(dataSource(), lockSql(), this.table, LEASE, HEARTBEAT, Duration.ZERO, "runner-a",
				LockLiveness.LEASE_ONLY));
		assertThat(holderSession()).isNull();
	}

	@Test
	void lockTableOfAnOlderVersionGainsTheSessionColumnFromItsNextHolder() throws Exception {
		execute("CREATE TABLE " + this.table + " (id INTEGER PRIMARY KEY, is_locked BOOLEAN NOT NULL, "
				+ "locked_by VARCHAR(255), locked_at DATETIME(6), lease_expires_at DATETIME(6), fence BIGINT NOT NULL) "
				+ "ENGINE = InnoDB");
		execute("INSERT INTO " + this.table + " (id, is_locked, fence) VALUES (1, FALSE, 1)");
		try (LockLease first = lock("runner-a").acquire()) {
			assertThat(first.fence()).isEqualTo(2);
			assertThat(holderSession()).as("this holding is lease only").isNull();
		}
		try (LockLease second = lock("runner-a").acquire()) {
			assertThat(holderSession()).startsWith("3/");
		}
	}

	@Test
	void progressRecordedBeforeAStatementIsReadByTheNextHolderOnlyWhenTheRecorderStoppedHoldingWithoutRelease()
			throws Exception {
		LockLease died = acquire(slowHeartbeatLock("runner-a"));
		try (Connection connection = dataSource().getConnection()) {
			died.recordProgress(connection, "20240101000002", 2);
		}
		assertThat(progress()).isEqualTo(died.fence() + "/2/20240101000002");
		// runner-a dies (its heartbeat does not come round): its lease runs out
		execute("UPDATE " + this.table + " SET lease_expires_at = TIMESTAMPADD(SECOND, -5, UTC_TIMESTAMP(6))");
		try (LockLease next = lock("runner-b").acquire()) {
			assertThat(next.interrupted()).isEqualTo(new LockLease.Interrupted("20240101000002", 2));
		}
		assertThat(progress()).as("released: runner-b left nothing part-way").isNull();
		try (LockLease after = lock("runner-c").acquire()) {
			assertThat(after.interrupted()).isNull();
		}
	}

	@Test
	void progressOfAnEarlierHoldingThanThePreviousOneReadsAsNothing() throws Exception {
		LockLease died = acquire(slowHeartbeatLock("runner-a"));
		try (Connection connection = dataSource().getConnection()) {
			died.recordProgress(connection, "7", 1);
		}
		execute("UPDATE " + this.table + " SET lease_expires_at = TIMESTAMPADD(SECOND, -5, UTC_TIMESTAMP(6))");
		// a holder that never asked (it ran no migration statement by statement) releases the row as it is
		execute("UPDATE " + this.table + " SET fence = fence + 1");
		try (LockLease later = lock("runner-c").acquire()) {
			assertThat(later.fence()).isEqualTo(died.fence() + 2);
			assertThat(later.interrupted()).isNull();
		}
	}

	@Test
	void progressIsNotRecordedAndTheStatementRefusedOnceTheLockIsLost() throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		execute("UPDATE " + this.table + " SET fence = fence + 1000, locked_by = 'runner-b'");
		try (Connection connection = dataSource().getConnection()) {
			assertThatExceptionOfType(LockLostException.class)
				.isThrownBy(() -> holder.recordProgress(connection, "3", 1))
				.withMessageContaining("runner-b");
		}
		assertThat(progress()).isNull();
	}

	@Test
	void lockTableWithoutTheProgressColumnGainsItFromItsNextHolder() throws Exception {
		execute("CREATE TABLE " + this.table + " (id INTEGER PRIMARY KEY, is_locked BOOLEAN NOT NULL, "
				+ "locked_by VARCHAR(255), locked_at DATETIME(6), lease_expires_at DATETIME(6), fence BIGINT NOT NULL, "
				+ "holder_session VARCHAR(100)) ENGINE = InnoDB");
		execute("INSERT INTO " + this.table + " (id, is_locked, fence) VALUES (1, FALSE, 1)");
		try (LockLease holder = lock("runner-a").acquire()) {
			assertThat(holder.interrupted()).isNull();
			try (Connection connection = dataSource().getConnection()) {
				holder.recordProgress(connection, "4", 3);
			}
			assertThat(progress()).isEqualTo("2/3/4");
		}
		assertThat(progress()).isNull();
	}

	private @Nullable String holderSession() throws SQLException {
		return lockColumn("holder_session");
	}

	private @Nullable String progress() throws SQLException {
		return lockColumn("progress");
	}

	private @Nullable String lockColumn(String column) throws SQLException {
		try (Connection connection = db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT " + column + " FROM " + this.table)) {
			assertThat(rs.next()).isTrue();
			return rs.getString(1);
		}
	}
}
