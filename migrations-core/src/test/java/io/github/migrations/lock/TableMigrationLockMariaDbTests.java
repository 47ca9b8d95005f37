package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.migrations.dialect.mariadb.MariaDbDialect;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock contract on a real MariaDB: the row taken with {@code FOR UPDATE SKIP LOCKED} in a
 * short transaction, times from the database's UTC clock.
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

}
