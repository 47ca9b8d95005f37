package io.github.migrations;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link AbstractStatusCacheTests} on MariaDB.
 */
class StatusCacheMariaDbTests extends AbstractStatusCacheTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	private String schema;

	@BeforeEach
	void freshDatabase() {
		this.schema = db.schema("c" + (++schemas));
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + this.schema);
	}

	@Override
	DataSource dataSource() {
		return db.dataSource(this.schema);
	}

}
