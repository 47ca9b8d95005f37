package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Repeatable and baseline migrations on H2 in PostgreSQL compatibility mode (as Spring Boot users
 * often run tests), each test in a database of its own.
 */
class RepeatableAndBaselineH2PostgresModeTests extends AbstractRepeatableAndBaselineTests {

	@Override
	DataSource dataSource() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(H2Database.url() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		dataSource.setUser("sa");
		return dataSource;
	}

	@Override
	String schema() {
		return "public";
	}

}
