package io.github.migrations.dialect.mariadb;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.migrations.dialect.AbstractDialectContractTests;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dialect contract on MySQL 8, in Testcontainers: skipped, and said once, where no Docker
 * daemon answers.
 */
class DialectMySqlTests extends AbstractDialectContractTests {

	@RegisterExtension
	static final MariaDbDatabase db = MariaDbDatabase.mysql();

	private MariaDbDialect dialect;

	@Override
	protected Dialect dialect() {
		if (this.dialect == null) {
			try (Connection connection = db.connect()) {
				this.dialect = (MariaDbDialect) Dialects.detect(connection);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return this.dialect;
	}

	@Override
	protected DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	protected String schemaName(int n) {
		return db.schema("s" + n);
	}

	@Override
	protected String slowQuery() {
		return "SELECT COUNT(*) FROM (SELECT 1 AS x UNION ALL SELECT 2) AS t WHERE SLEEP(30) = 0";
	}

	@Override
	protected String searchPath(String schema) {
		return "USE " + dialect().quote(schema);
	}

	@Override
	protected String lockTimeout(int millis) {
		return "SET SESSION innodb_lock_wait_timeout = " + Math.max(1, (millis + 999) / 1000);
	}

}
