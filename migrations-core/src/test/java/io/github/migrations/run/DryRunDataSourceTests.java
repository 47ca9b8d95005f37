package io.github.migrations.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which statements of a dry run go to the database (reads), and how the others are shown.
 */
class DryRunDataSourceTests {

	@ParameterizedTest
	@ValueSource(strings = { "SELECT MAX(batch_number) FROM schema_migrations", "  select 1",
			"WITH touched AS (SELECT to_regclass(t) AS oid FROM unnest(?::text[]) AS t) SELECT * FROM touched" })
	void aQueryThatOnlyReadsIsARead(String sql) {
		assertThat(DryRunDataSource.isRead(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "UPDATE migration_lock SET is_locked = TRUE WHERE id = 1 RETURNING fence",
			"SELECT fence FROM migration_lock WHERE id = 1 FOR UPDATE SKIP LOCKED",
			// the lock's proof of a fence the dry run never took
			"SELECT fence FROM migration_lock WHERE id = 1 AND fence = ? AND is_locked",
			"SELECT id FROM t FOR SHARE",
			"WITH gone AS (DELETE FROM t RETURNING id) SELECT count(*) FROM gone",
			"INSERT INTO t SELECT 1" })
	void aQueryThatWritesOrLocksIsNoRead(String sql) {
		assertThat(DryRunDataSource.isRead(sql)).isFalse();
	}

	@Test
	void parametersAreShownAsSqlLiterals() {
		TreeMap<Integer, @Nullable Object> parameters = new TreeMap<>();
		parameters.put(1, "it's");
		parameters.put(2, 42L);
		parameters.put(3, true);
		parameters.put(4, null);
		assertThat(DryRunDataSource.bind("INSERT INTO t VALUES (?, ?, ?, ?)", parameters))
			.isEqualTo("INSERT INTO t VALUES ('it''s', 42, TRUE, NULL)");
	}

	@Test
	void aQuestionMarkInQuotesIsNoParameter() {
		TreeMap<Integer, @Nullable Object> parameters = new TreeMap<>();
		parameters.put(1, 7);
		assertThat(DryRunDataSource.bind("UPDATE t SET a = '?', \"b?\" = 1 WHERE c = ?", parameters))
			.isEqualTo("UPDATE t SET a = '?', \"b?\" = 1 WHERE c = 7");
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aTransactionIsShownFromItsFirstStatementToItsCommitAndNothingIsSent(boolean committedByTheStatement)
			throws SQLException {
		List<String> shown = new ArrayList<>();
		DryRunDataSource.Sink sink = new DryRunDataSource.Sink() {

			@Override
			public void statement(String sql, boolean autocommit) {
				shown.add((autocommit ? "autocommit: " : "") + sql);
			}

			@Override
			public void transaction(String boundary) {
				shown.add(boundary);
			}

			@Override
			public @Nullable String refusal() {
				return null;
			}

		};
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:dryrun" + committedByTheStatement);
		String insert = "INSERT INTO a VALUES (1)" + (committedByTheStatement ? ";\nCOMMIT" : "");
		try (Connection connection = new DryRunDataSource(h2, sink).getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE a (id int)");
			connection.setAutoCommit(false);
			statement.execute(insert);
			connection.commit();
			connection.setAutoCommit(true);
			// nothing was sent: the table is not there, and a read of it finds no row
			try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM a")) {
				assertThat(rows.next()).isFalse();
			}
		}
		List<String> expected = new ArrayList<>(List.of("autocommit: CREATE TABLE a (id int)", "BEGIN", insert));
		if (!committedByTheStatement) {
			expected.add("COMMIT");
		}
		assertThat(shown).containsExactlyElementsOf(expected);
	}

}
