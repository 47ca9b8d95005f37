package io.github.migrations.dialect.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.github.migrations.dialect.AbstractDialectContractTests;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The dialect contract on a real PostgreSQL, plus what only a server shows: a session the
 * server ends.
 */
class DialectPostgresTests extends AbstractDialectContractTests {

	@RegisterExtension
	static final PostgresDatabase db = new PostgresDatabase();

	private final Dialect dialect = new PostgresDialect();

	@Override
	protected Dialect dialect() {
		return this.dialect;
	}

	@Override
	protected DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	protected String slowQuery() {
		return "SELECT pg_sleep(30)";
	}

	@Override
	protected String searchPath(String schema) {
		return "SET search_path TO " + this.dialect.quote(schema);
	}

	@Override
	protected String lockTimeout(int millis) {
		return "SET lock_timeout = '" + millis + "ms'";
	}

	@Test
	void sessionEndedByTheServerIsAConnectionLost() throws SQLException {
		try (Connection victim = dataSource().getConnection(); Statement statement = victim.createStatement()) {
			int pid;
			try (var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
				rs.next();
				pid = rs.getInt(1);
			}
			execute("SELECT pg_terminate_backend(" + pid + ")");
			SQLException lost = catchThrowableOfType(SQLException.class, () -> statement.execute("SELECT 1"));
			assertThat((Throwable) lost).isNotNull();
			assertThat(this.dialect.isConnectionLost(lost)).isTrue();
			assertThat(this.dialect.isCancelled(lost)).isFalse();
		}
	}

}
