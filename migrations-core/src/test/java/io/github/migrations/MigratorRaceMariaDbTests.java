package io.github.migrations;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The race and {@code kill -9} of {@link AbstractMigratorRaceTests} on MariaDB. Each test's schema
 * is a database of its own. The racing migrations are DDL, which commits by itself here, so they
 * run statement by statement with the fence checked before each; the migration a runner is killed
 * in is DML only, which stays in one transaction that InnoDB rolls back when the server ends the
 * dead client's session.
 */
class MigratorRaceMariaDbTests extends AbstractMigratorRaceTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.schema = db.schema("race" + (++schemas));
		jdbc().execute("CREATE DATABASE " + this.schema);
	}

	@Override
	DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	String jdbcUrl() {
		return db.jdbcUrl();
	}

	@Override
	String user() {
		return db.user();
	}

	@Override
	String password() {
		return db.password();
	}

	@Override
	String schema() {
		return this.schema;
	}

	@Override
	String sleep(double seconds) {
		return "SELECT SLEEP(" + ((seconds == Math.rint(seconds)) ? String.valueOf((long) seconds)
				: String.valueOf(seconds)) + ")";
	}

	@Override
	int sessionsRunning(String prefix) {
		// the server is shared: only sessions whose database is this class's
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM information_schema.processlist "
				+ "WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE ?", Integer.class, prefix + "%");
		return (count != null) ? count : 0;
	}

	@Override
	int tableCount() {
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?",
				Integer.class, this.schema);
		return (count != null) ? count : 0;
	}

	@Override
	String transactionalWork() {
		// DML only: DDL would commit by itself (see MigratorMariaDbTests for that case)
		return "INSERT INTO " + this.schema + ".users VALUES (1);";
	}

	@Override
	Duration serverNoticesKilledClientWithin() {
		// MariaDB has no client_connection_check_interval: a running SLEEP notices the closed
		// connection when it next looks, about every five seconds
		return Duration.ofSeconds(8);
	}

}
