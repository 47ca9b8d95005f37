package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import io.github.migrations.dialect.postgres.PostgresDialect;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A runner in a JVM of its own, for tests that kill it: takes the lock, then starts a migration
 * transaction that creates a table and sleeps for a minute inside it.
 * Arguments: JDBC URL, user, lock table, lease in milliseconds, table to create.
 */
public final class LockHolderMain {

	private LockHolderMain() {
	}

	public static void main(String[] args) throws Exception {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(args[0]);
		dataSource.setUser(args[1]);
		dataSource.setApplicationName("lock-holder");
		Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
		TableMigrationLock lock = new TableMigrationLock(dataSource, new PostgresDialect().lockSql(), args[2], lease,
				lease.dividedBy(3), Duration.ofSeconds(30), "lock-holder:" + ProcessHandle.current().pid());
		lock.createIfMissing();
		try (LockLease lease1 = lock.acquire(); Connection tx = dataSource.getConnection();
				Statement statement = tx.createStatement()) {
			tx.setAutoCommit(false);
			lease1.fence(tx);
			statement.execute("CREATE TABLE " + args[4] + " (id int)");
			lease1.running(statement);
			System.out.println("holding fence " + lease1.fence());
			statement.execute("SELECT pg_sleep(60)");
			lease1.beforeCommit(tx);
			tx.commit();
		}
	}

}
