package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.migrations.dialect.mariadb.MariaDbDialect;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock contract on MySQL 8, in Testcontainers: skipped, and said once, where no Docker daemon
 * answers.
 */
class TableMigrationLockMySqlTests extends AbstractMigrationLockContractTests {

	@RegisterExtension
	static final MariaDbDatabase db = MariaDbDatabase.mysql();

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
