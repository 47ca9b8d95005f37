package io.github.migrations.lock;

import java.util.UUID;

import javax.sql.DataSource;

import io.github.migrations.dialect.h2.H2Dialect;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The lock contract on H2 in PostgreSQL compatibility mode, as applications that test against H2
 * but run PostgreSQL configure it.
 */
class TableMigrationLockH2PostgresModeTests extends AbstractMigrationLockContractTests {

	private static final JdbcDataSource dataSource = new JdbcDataSource();

	static {
		dataSource.setURL("jdbc:h2:mem:lock_" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

	@Override
	protected LockSql lockSql() {
		return new H2Dialect().lockSql();
	}

}
