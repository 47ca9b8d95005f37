package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Flyway project's files on MariaDB, each test in a database of its own (the configured
 * schema); DDL commits by itself here. The realistic MySQL project, against real Flyway, is
 * {@code adopt.FlywayImportMariaDbTests}.
 */
class FlywayFilesMariaDbTests extends AbstractFlywayFilesTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int databases;

	private String schema;

	@BeforeEach
	void freshDatabase() {
		this.schema = db.schema("fly" + (++databases));
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + this.schema);
	}

	@Override
	DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	String schema() {
		return this.schema;
	}

	@Override
	boolean transactionalDdl() {
		return false;
	}

	@Override
	boolean ddlRunsWithoutTransaction() {
		return true;
	}

}
