package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link AbstractStatusCacheTests} on H2.
 */
class StatusCacheH2Tests extends AbstractStatusCacheTests {

	private DataSource dataSource;

	@BeforeEach
	void freshDatabase() {
		this.dataSource = H2Database.dataSource();
	}

	@Override
	DataSource dataSource() {
		return this.dataSource;
	}

}
