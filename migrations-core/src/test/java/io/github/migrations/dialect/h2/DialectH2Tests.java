package io.github.migrations.dialect.h2;

import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.migrations.dialect.AbstractDialectContractTests;
import io.github.migrations.dialect.Dialect;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The dialect contract on H2 in-memory, in its default mode (unquoted names fold to upper case).
 */
class DialectH2Tests extends AbstractDialectContractTests {

	private final Dialect dialect = new H2Dialect();

	private final JdbcDataSource dataSource = new JdbcDataSource();

	DialectH2Tests() {
		this.dataSource.setURL("jdbc:h2:mem:dialect_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + urlOptions());
	}

	String urlOptions() {
		return "";
	}

	@Override
	protected Dialect dialect() {
		return this.dialect;
	}

	@Override
	protected DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	protected String folded(String name) {
		return name.toUpperCase(Locale.ROOT);
	}

	@Override
	protected String slowQuery() {
		return "SELECT MAX(RAND()) FROM SYSTEM_RANGE(1, 100000000000)";
	}

	@Override
	protected String searchPath(String schema) {
		return "SET SCHEMA_SEARCH_PATH " + this.dialect.quote(schema);
	}

	@Override
	protected String lockTimeout(int millis) {
		return "SET LOCK_TIMEOUT " + millis;
	}

}
