package io.github.migrations.autoconfigure.slice;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} runs the migrations before the test reads the database, as it runs Flyway's.
 */
@JdbcTest(properties = SliceDatabases.LOCATIONS)
abstract class AbstractJdbcSliceTests {

	@Autowired
	private JdbcClient jdbc;

	@Test
	void jdbcClientReadsTheRowTheMigrationWrote() {
		assertThat(this.jdbc.sql("SELECT body FROM note WHERE id = 1").query(String.class).single())
			.isEqualTo("written by a migration");
	}

	@Test
	void historyRecordsTheMigration() {
		assertThat(this.jdbc.sql("SELECT version FROM schema_migrations").query(String.class).list())
			.containsExactly("1");
	}

}
