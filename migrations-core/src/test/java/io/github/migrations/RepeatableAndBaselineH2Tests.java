package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;

/**
 * Repeatable and baseline migrations on H2, each test in a database of its own.
 */
class RepeatableAndBaselineH2Tests extends AbstractRepeatableAndBaselineTests {

	@Override
	DataSource dataSource() {
		return H2Database.dataSource();
	}

	@Override
	String schema() {
		return "PUBLIC";
	}

}
