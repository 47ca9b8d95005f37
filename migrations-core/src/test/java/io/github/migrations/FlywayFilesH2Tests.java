package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.BeforeEach;

/**
 * A Flyway project's files on H2.
 */
class FlywayFilesH2Tests extends AbstractFlywayFilesTests {

	private DataSource dataSource;

	@BeforeEach
	void freshDatabase() {
		this.dataSource = H2Database.dataSource();
	}

	@Override
	DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	String schema() {
		return "PUBLIC";
	}

	@Override
	boolean transactionalDdl() {
		return false;
	}

}
