package io.github.migrations.lint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The MariaDB/MySQL rules' claims on MariaDB, and what MariaDB does beyond MySQL: it extends a
 * {@code VARCHAR} of at most 127 bytes to any length, and a {@code VARCHAR} within its length-byte
 * class, instantly.
 */
class LintRulesMariaDbTests extends AbstractOnlineDdlRulesTests {

	@RegisterExtension
	static final MariaDbDatabase database = new MariaDbDatabase();

	@Override
	protected MariaDbDatabase database() {
		return database;
	}

	// utf8mb4: code VARCHAR(20) is at most 80 bytes, v VARCHAR(40) 160, note VARCHAR(200) 800
	@ParameterizedTest
	@ValueSource(strings = { "code VARCHAR(100)", "v VARCHAR(60)", "note VARCHAR(250)" })
	void extendingAVarcharTheMessageNamesIsInstant(String definition) throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " MODIFY " + definition + ", ALGORITHM=INSTANT";
			assertThat(rulesReported(sql)).isEmpty();
			s.execute(sql);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "MODIFY n VARCHAR(20)", "ADD PRIMARY KEY (id), ALGORITHM=COPY" })
	void alterOnlineTableIsLockNoneTheServerRefusesACopyAndTheRulesDoNotReport(String change) throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER ONLINE TABLE " + table + " " + change;
			assertThat(rulesReported(sql)).isEmpty();
			assertRefusedOnline(s, sql);
			assertThat(rulesReported("ALTER TABLE " + table + " " + change)).isNotEmpty();
		}
	}

	@Test
	void alterIgnoreTableAddingAUniqueKeyDeletesTheDuplicatesSilentlyAndIsReported() throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			// every row's code is 'c': all but one are duplicates on the new key
			String sql = "ALTER IGNORE TABLE " + table + " ADD UNIQUE KEY u_code (code)";
			assertThat(rulesReported(sql)).contains("alter-ignore-unique");
			s.execute(sql);
			try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
				rs.next();
				assertThat(rs.getInt(1)).as("99 of the 100 rows deleted, no error").isOne();
			}
			String fix = "ALTER TABLE " + freshTable(s) + " ADD UNIQUE KEY u_code (code), ALGORITHM=INPLACE, LOCK=NONE";
			assertThat(rulesReported(fix)).isEmpty();
			assertThatExceptionOfType(SQLException.class).as("without IGNORE: refused, nothing deleted")
				.isThrownBy(() -> s.execute(fix));
		}
	}

}
