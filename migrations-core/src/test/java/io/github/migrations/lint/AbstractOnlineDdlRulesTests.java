package io.github.migrations.lint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.github.migrations.dialect.mariadb.MariaDbLexicalRules;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The MariaDB/MySQL rules' claims checked against a real server: what a rule reports is what the
 * server refuses to do online once the statement states {@code ALGORITHM=INPLACE} or
 * {@code LOCK=NONE} (error 1845/1846), and what the rules accept (the clauses stated, foreign key
 * checks off, an index built in place) runs. One subclass per server.
 */
abstract class AbstractOnlineDdlRulesTests {

	private final MigrationLinter linter = MigrationLinter.mariadb();

	/**
	 * The database the tests run in.
	 */
	protected abstract MariaDbDatabase database();

	Connection connect() throws SQLException {
		return database().connect();
	}

	private static int tables;

	List<String> rulesReported(String... sql) {
		List<SqlStatement> statements = new ArrayList<>();
		for (String each : sql) {
			statements.add(new SqlStatement(each, statements.size() + 1, null, MariaDbLexicalRules.DEFAULT));
		}
		return this.linter.lint("case.sql", statements, true, new String[0], 1)
			.stream()
			.map(LintViolation::ruleId)
			.toList();
	}

	static String freshTable(Statement s) throws SQLException {
		String table = "t" + (++tables);
		s.execute("CREATE TABLE " + table + " (id INT NOT NULL, n INT, v VARCHAR(40), note VARCHAR(200), code VARCHAR(20)) "
				+ "ENGINE = InnoDB DEFAULT CHARSET = utf8mb4");
		StringBuilder rows = new StringBuilder();
		for (int i = 1; i <= 100; i++) {
			rows.append((i > 1) ? ", " : "").append("(" + i + ", " + i + ", 'v" + i + "', 'note', 'c')");
		}
		s.execute("INSERT INTO " + table + " VALUES " + rows);
		return table;
	}

	static void assertRefusedOnline(Statement s, String sql) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.execute(sql))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).as(ex.getMessage()).isIn(1845, 1846));
	}

	@Test
	void anIndexStatedInplaceLockNoneIsBuiltAndNotReportedWithoutThemItIs() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String online = "ALTER TABLE " + table + " ADD INDEX i_v (v), ALGORITHM=INPLACE, LOCK=NONE";
			assertThat(rulesReported(online)).isEmpty();
			s.execute(online);
			String create = "CREATE INDEX i_n ON " + table + " (n) ALGORITHM=INPLACE LOCK=NONE";
			assertThat(rulesReported(create)).isEmpty();
			s.execute(create);
			assertThat(rulesReported("ALTER TABLE " + table + " ADD INDEX i_note (note)"))
				.containsExactly("index-not-online");
		}
	}

	@Test
	void aFulltextIndexCannotBeBuiltWithoutBlockingWrites() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " ADD FULLTEXT INDEX f_note (note)";
			assertThat(rulesReported(sql)).containsExactly("index-not-online");
			assertRefusedOnline(s, sql + ", LOCK=NONE");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "MODIFY n VARCHAR(20)", "CHANGE COLUMN n n BIGINT", "MODIFY v VARCHAR(100)",
			"MODIFY note VARCHAR(100)",
			"MODIFY COLUMN id BIGINT NOT NULL", "CONVERT TO CHARACTER SET latin1" })
	void typeChangesThatColumnTypeChangeReportsTheServerRefusesInPlace(String change) throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " " + change;
			assertThat(rulesReported(sql)).containsExactly("column-type-change");
			String stated = sql + ", ALGORITHM=INPLACE";
			assertThat(rulesReported(stated)).isEmpty();
			assertRefusedOnline(s, stated);
			assertRefusedOnline(s, sql + ", LOCK=NONE");
		}
	}

	// utf8mb4: v VARCHAR(40) is at most 160 bytes, note VARCHAR(200) 800
	@ParameterizedTest
	@CsvSource({ "v VARCHAR(60), INPLACE", "note VARCHAR(250), INPLACE", "n INT NOT NULL, INPLACE" })
	void changesTheMessageNamesAsOnlineRunWhenTheAlgorithmIsStated(String definition, String algorithm)
			throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " MODIFY " + definition + ", ALGORITHM=" + algorithm;
			assertThat(rulesReported(sql)).isEmpty();
			s.execute(sql);
		}
	}

	@Test
	void aForeignKeyIsRefusedInPlaceWhileChecksAreOnAndAddedInPlaceWhenTheyAreOff() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String parent = freshTable(s);
			s.execute("ALTER TABLE " + parent + " ADD PRIMARY KEY (id)");
			String child = freshTable(s);
			String sql = "ALTER TABLE " + child + " ADD CONSTRAINT fk_" + child + " FOREIGN KEY (n) REFERENCES "
					+ parent + " (id)";
			assertThat(rulesReported(sql)).containsExactly("add-foreign-key");
			assertRefusedOnline(s, sql + ", ALGORITHM=INPLACE");
			assertRefusedOnline(s, sql + ", LOCK=NONE");
			String off = "SET foreign_key_checks = 0";
			String online = sql + ", ALGORITHM=INPLACE, LOCK=NONE";
			assertThat(rulesReported(off, sql)).isEmpty();
			s.execute(off);
			s.execute(online);
			s.execute("SET foreign_key_checks = 1");
		}
	}

	@Test
	void aPrimaryKeyIsAddedInPlaceWhenStatedAndOnlyDroppingOneIsRefused() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			assertThat(rulesReported("ALTER TABLE " + table + " ADD PRIMARY KEY (id)")).containsExactly("primary-key");
			String online = "ALTER TABLE " + table + " ADD PRIMARY KEY (id), ALGORITHM=INPLACE, LOCK=NONE";
			assertThat(rulesReported(online)).isEmpty();
			s.execute(online);
			assertThat(rulesReported("ALTER TABLE " + table + " DROP PRIMARY KEY")).containsExactly("primary-key");
			assertRefusedOnline(s, "ALTER TABLE " + table + " DROP PRIMARY KEY, ALGORITHM=INPLACE");
		}
	}

	@Test
	void aColumnPlacedFirstIsInstantOnMariaDbWhileAutoIncrementAndStoredColumnsNeedACopy() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String first = "ALTER TABLE " + table + " ADD COLUMN a INT FIRST";
			assertThat(rulesReported(first)).containsExactly("add-column-not-instant");
			assertThat(rulesReported(first + ", ALGORITHM=INSTANT")).isEmpty();
			s.execute(first + ", ALGORITHM=INSTANT");
			String autoIncrement = "ALTER TABLE " + table + " ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE";
			assertThat(rulesReported(autoIncrement)).containsExactly("add-column-not-instant", "index-not-online");
			assertRefusedOnline(s, autoIncrement + ", LOCK=NONE");
			String stored = "ALTER TABLE " + table + " ADD COLUMN n2 INT AS (n * 2) STORED";
			assertThat(rulesReported(stored)).containsExactly("add-column-not-instant");
			assertRefusedOnline(s, stored + ", LOCK=NONE");
			String atTheEnd = "ALTER TABLE " + table + " ADD COLUMN z INT NULL";
			assertThat(rulesReported(atTheEnd)).isEmpty();
			s.execute(atTheEnd + ", ALGORITHM=INSTANT");
		}
	}

	@Test
	void optimizeTableRebuildsAndTheOnlineRebuildRuns() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			assertThat(rulesReported("OPTIMIZE TABLE " + table)).containsExactly("optimize-table");
			String online = "ALTER TABLE " + table + " FORCE, ALGORITHM=INPLACE, LOCK=NONE";
			assertThat(rulesReported(online)).isEmpty();
			s.execute(online);
		}
	}

}
