package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.testsupport.PgBouncer;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock contract through PgBouncer in transaction pooling mode with a single server
 * connection: nothing may rely on session state, and every lock step of every runner shares
 * that one connection with the migration.
 */
class TableMigrationLockPgBouncerTests extends AbstractMigrationLockContractTests {

	@RegisterExtension
	@Order(1)
	static final PostgresDatabase db = new PostgresDatabase();

	@RegisterExtension
	@Order(2)
	static final PgBouncer pgbouncer = new PgBouncer(db);

	@Override
	protected DataSource dataSource() {
		return pgbouncer.dataSource();
	}

	/**
	 * Straight to PostgreSQL: a transaction on PgBouncer's single server connection would queue
	 * every other statement behind it.
	 */
	@Override
	protected DataSource otherSessionDataSource() {
		return db.dataSource();
	}

	@Override
	protected LockSql lockSql() {
		return new PostgresDialect().lockSql();
	}

	@Test
	void migrationTransactionLongerThanTheLeaseKeepsTheLockWhileTheHeartbeatQueuesBehindIt() throws Exception {
		LockLease lease = acquire(lock("runner-a"));
		try (Connection tx = dataSource().getConnection(); Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			lease.fence(tx);
			statement.execute("SELECT pg_sleep(" + (LEASE.toMillis() * 2 / 1000.0) + ")");
			lease.beforeCommit(tx);
			tx.commit();
		}
		Thread.sleep(HEARTBEAT.toMillis() * 2);
		assertThat(lease.isLost()).isFalse();
		lease.check();
		assertThat(lock("runner-b").tryAcquire()).isEmpty();
	}

	@Test
	void holderBehindTheTransactionPoolerRecordsNoSessionSoEvenADirectWaiterWaitsOutItsLease() throws Exception {
		LockLease holder = acquire(slowHeartbeatLock("runner-a"));
		try (Connection connection = db.connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT holder_session, fence FROM " + this.table)) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).as("the pooler's server session is not the holder's").isNull();
			assertThat(rs.getLong(2)).isEqualTo(holder.fence());
		}
		TableMigrationLock direct = new TableMigrationLock(db.dataSource(), lockSql(), this.table, LEASE, HEARTBEAT,
				Duration.ZERO, "runner-b");
		assertThat(direct.tryAcquire()).isEmpty();
		holder.check();
	}

	@Test
	void takeoverWorksThroughTheSingleServerConnection() throws Exception {
		CutOffDataSource network = new CutOffDataSource(dataSource());
		LockLease stale = acquire(lock("runner-a", network, Duration.ZERO));
		network.cutOff();
		LockLease next = acquire(lock("runner-b", dataSource(), Duration.ofSeconds(10)));
		assertThat(next.fence()).isGreaterThan(stale.fence());
		awaitTrue(stale::isLost, LEASE.plusSeconds(2));
	}

}
