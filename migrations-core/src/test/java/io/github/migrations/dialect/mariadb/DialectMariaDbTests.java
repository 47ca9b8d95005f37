package io.github.migrations.dialect.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.dialect.AbstractDialectContractTests;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.parse.LexicalRules.Feature;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The dialect contract on a real MariaDB, plus what only this server shows: detection, the
 * {@code sql_mode} read into the lexical rules, the session variables set back, a killed
 * connection.
 */
class DialectMariaDbTests extends AbstractDialectContractTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private final MariaDbDialect dialect = detect();

	private static MariaDbDialect detect() {
		// the contract's @BeforeEach needs the dialect before any of this class's
		try (Connection connection = db.connect()) {
			return (MariaDbDialect) Dialects.detect(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	protected Dialect dialect() {
		return this.dialect;
	}

	@Override
	protected DataSource dataSource() {
		return db.dataSource();
	}

	@Override
	protected String schemaName(int n) {
		return db.schema("s" + n);
	}

	@Override
	protected String slowQuery() {
		// a SLEEP() alone interrupted by KILL QUERY returns 1 instead of failing; in a row filter
		// the query fails
		return "SELECT COUNT(*) FROM (SELECT 1 AS x UNION ALL SELECT 2) AS t WHERE SLEEP(30) = 0";
	}

	@Override
	protected String searchPath(String schema) {
		return "USE " + this.dialect.quote(schema);
	}

	@Override
	protected String lockTimeout(int millis) {
		return "SET SESSION innodb_lock_wait_timeout = " + Math.max(1, (millis + 999) / 1000);
	}

	@Test
	void detectsMariaDbWithItsDefaultRules() {
		assertThat(this.dialect.vendor()).isEqualTo(db.isMySql() ? "mysql" : "mariadb");
		assertThat(this.dialect.lexicalRules()).isEqualTo(MariaDbLexicalRules.DEFAULT);
		assertThat(this.dialect.supportsTransactionalDdl()).isFalse();
	}

	@Test
	void noBackslashEscapesInTheSessionsSqlModeTurnsBackslashEscapesOff() throws SQLException {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES,ANSI_QUOTES')");
			Dialect detected = Dialects.detect(connection);
			assertThat(detected.lexicalRules().has(Feature.BACKSLASH_ESCAPES)).isFalse();
			assertThat(detected.lexicalRules().has(Feature.DOUBLE_QUOTED_STRINGS)).isFalse();
			assertThat(detected.lexicalRules().has(Feature.BACKTICK_IDENTIFIERS)).isTrue();
			// and the server agrees: under this mode the backslash is text
			String sql = detected.splitter().split("m.sql", "SELECT 'a\\'; SELECT 2", 1).get(0).sql();
			try (var rs = statement.executeQuery(sql)) {
				rs.next();
				assertThat(rs.getString(1)).isEqualTo("a\\");
			}
		}
	}

	@Test
	void resetSessionSetsBackSessionVariablesAScriptChanged() throws SQLException {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			String mode = string(statement, "SELECT @@SESSION.sql_mode");
			statement.execute("/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO', FOREIGN_KEY_CHECKS = 0, "
					+ "time_zone = '+05:00' */");
			this.dialect.resetSession(connection);
			assertThat(string(statement, "SELECT @@SESSION.sql_mode")).isEqualTo(mode);
			assertThat(string(statement, "SELECT @@SESSION.foreign_key_checks")).isEqualTo("1");
			assertThat(string(statement, "SELECT @@SESSION.time_zone"))
				.isEqualTo(string(statement, "SELECT @@GLOBAL.time_zone"));
		}
	}

	@Test
	void theOfflineDialectReadsWithTheDefaultRulesAndSetsNoSessionBack() throws SQLException {
		MariaDbDialect offline = MariaDbDialect.offline("mysql");
		assertThat(offline.vendor()).isEqualTo("mysql");
		assertThat(offline.lexicalRules()).isEqualTo(MariaDbLexicalRules.DEFAULT);
		assertThat(offline.linter())
			.hasValueSatisfying((linter) -> assertThat(linter.ruleIds()).contains("algorithm-copy"));
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SET SESSION time_zone = '+05:00'");
			offline.resetSession(connection);
			assertThat(string(statement, "SELECT @@SESSION.time_zone")).isEqualTo("+05:00");
		}
		assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> MariaDbDialect.offline("postgresql")))
			.hasMessageContaining("'postgresql'");
	}

	@Test
	void useAndExecutableSetsChangeTheSession() {
		assertThat(this.dialect.changesSession(new SqlStatement("USE other", 1))).isTrue();
		assertThat(this.dialect.changesSession(this.dialect.splitter()
			.split("d.sql", "/*!40101 SET NAMES utf8mb4 */;", 1)
			.get(0))).isTrue();
		assertThat(this.dialect.changesSession(new SqlStatement("CREATE TABLE t (id INT)", 1))).isFalse();
	}

	@Test
	void connectionKilledByTheServerIsAConnectionLost() throws SQLException {
		try (Connection victim = dataSource().getConnection(); Statement statement = victim.createStatement()) {
			String id = string(statement, "SELECT CONNECTION_ID()");
			execute("KILL CONNECTION " + id);
			SQLException lost = catchThrowableOfType(SQLException.class, () -> statement.execute("SELECT 1"));
			assertThat((Throwable) lost).isNotNull();
			assertThat(this.dialect.isConnectionLost(lost)).as("%s %s %s", lost.getErrorCode(), lost.getSQLState(),
					lost.getMessage()).isTrue();
			assertThat(this.dialect.isCancelled(lost)).isFalse();
		}
	}

	@Test
	void withoutADatabaseTheSchemaRightAfterDetectionFailsSayingWhatToDo() throws SQLException {
		// detection read DATABASE() as NULL: asked again, it fails as currentSchema does
		try (Connection connection = db.dataSource("").getConnection()) {
			Dialect detected = Dialects.detect(connection);
			SQLException ex = catchThrowableOfType(SQLException.class,
					() -> detected.currentSchemaAfterDetection(connection));
			assertThat(ex.getMessage()).contains("No current database");
		}
	}

	@Test
	void historyTimesAreTheInstantsWhateverTheJvmsTimeZone() throws SQLException {
		// the driver reads DATETIME in the JVM's zone; ours are UTC and must not shift with it
		java.util.TimeZone jvm = java.util.TimeZone.getDefault();
		java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
		try (Connection connection = dataSource().getConnection()) {
			SchemaHistory history = new SchemaHistory(this.dialect, this.schema, "schema_migrations");
			history.createIfMissing(connection);
			java.time.OffsetDateTime imported = java.time.OffsetDateTime.parse("2021-03-04T05:06:07+02:00");
			history.insertAll(connection, java.util.List.of(
					new AppliedMigration(MigrationVersion.parse("1"), "now", MigrationKind.SQL, "a", null, 1, 1,
							"tester", true, null, true),
					new AppliedMigration(MigrationVersion.parse("2"), "imported", MigrationKind.SQL, "b", imported, 1, 1,
							"tester", true, null, true)));
			java.util.List<AppliedMigration> rows = history.readAll(connection);
			assertThat(rows.get(0).executedAt().toInstant())
				.isCloseTo(java.time.Instant.now(), within(1, java.time.temporal.ChronoUnit.MINUTES));
			assertThat(rows.get(1).executedAt().toInstant()).isEqualTo(imported.toInstant());
		}
		finally {
			java.util.TimeZone.setDefault(jvm);
		}
	}

	private static String string(Statement statement, String sql) throws SQLException {
		try (var rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
