package io.github.migrations.lint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules' claims checked against the real server: what {@code concurrently-in-transaction}
 * reports is what PostgreSQL refuses in a transaction, and {@code volatile-default} /
 * {@code column-type-change} report exactly the changes that rewrite the table (its file node
 * changes).
 */
class LintRulesPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	private final MigrationLinter linter = MigrationLinter.postgres();

	private static int tables;

	private List<String> rulesReported(String sql) {
		return this.linter
			.lint("case.sql", List.of(new SqlStatement(sql, 1, null, PostgresDialect.LEXICAL_RULES)), true,
					new String[0], 1)
			.stream()
			.map(LintViolation::ruleId)
			.toList();
	}

	private static String freshTable(Statement s) throws SQLException {
		String table = "t" + (++tables);
		s.execute("CREATE TABLE " + table + " (id integer PRIMARY KEY, v varchar(20))");
		s.execute("INSERT INTO " + table + " SELECT g, 'v' || g FROM generate_series(1, 100) g");
		s.execute("CREATE INDEX " + table + "_v ON " + table + " (v)");
		return table;
	}

	@ParameterizedTest
	@ValueSource(strings = { "CREATE INDEX CONCURRENTLY %1$s_c ON %1$s (v)", "DROP INDEX CONCURRENTLY %1$s_v",
			"REINDEX INDEX CONCURRENTLY %1$s_v", "VACUUM %1$s", "CREATE DATABASE %1$s_db",
			"ALTER SYSTEM SET work_mem = '8MB'" })
	void whatConcurrentlyInTransactionReportsIsRefusedInsideATransaction(String template) throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String sql = template.formatted(freshTable(s));
			assertThat(rulesReported(sql)).contains("concurrently-in-transaction");
			c.setAutoCommit(false);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.execute(sql))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25001"));
			c.rollback();
		}
	}

	@Test
	void refreshMaterializedViewConcurrentlyRunsInATransactionAndIsNotReported() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			s.execute("CREATE MATERIALIZED VIEW " + table + "_mv AS SELECT id, v FROM " + table);
			s.execute("CREATE UNIQUE INDEX ON " + table + "_mv (id)");
			String sql = "REFRESH MATERIALIZED VIEW CONCURRENTLY " + table + "_mv";
			assertThat(rulesReported(sql)).doesNotContain("concurrently-in-transaction");
			c.setAutoCommit(false);
			s.execute(sql);
			c.commit();
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ADD COLUMN u uuid DEFAULT gen_random_uuid()                | true  | volatile-default
			ADD COLUMN r double precision DEFAULT random()             | true  | volatile-default
			ADD COLUMN s bigserial                                     | true  | volatile-default
			ADD COLUMN g bigint GENERATED ALWAYS AS IDENTITY           | true  | volatile-default
			ADD COLUMN l text GENERATED ALWAYS AS (lower(v)) STORED    | true  | volatile-default
			ADD COLUMN a boolean NOT NULL DEFAULT true                 | false | volatile-default
			ADD COLUMN n timestamptz NOT NULL DEFAULT now()            | false | volatile-default
			ADD COLUMN x text                                          | false | volatile-default
			ALTER COLUMN id TYPE bigint                                | true  | column-type-change
			ALTER COLUMN v SET DATA TYPE varchar(10)                   | true  | column-type-change
			ALTER COLUMN v TYPE integer USING length(v)                | true  | column-type-change
			ALTER COLUMN v TYPE text                                   | false | column-type-change
			ALTER COLUMN v TYPE varchar                                | false | column-type-change
			""")
	void reportsExactlyTheChangesThatRewriteTheTable(String action, boolean rewrites, String rule)
			throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " " + action;
			long before = fileNode(s, table);
			s.execute(sql);
			assertThat(fileNode(s, table) != before).as("table rewritten").isEqualTo(rewrites);
			assertThat(rulesReported(sql).contains(rule)).as("%s reported", rule).isEqualTo(rewrites);
		}
	}

	private static long fileNode(Statement s, String table) throws SQLException {
		try (var rs = s.executeQuery("SELECT pg_relation_filenode('" + table + "')")) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
