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
 * reports is what PostgreSQL refuses in a transaction; {@code volatile-default} reports exactly
 * the changes that rewrite the table (its file node changes) and {@code column-type-change} every
 * one of them; an added column's inline constraints are reported exactly when they scan the
 * table or build an index; and what the rules say of required columns, enum values, long names,
 * {@code TRUNCATE ... CASCADE} and a {@code COMMIT} inside a migration is what the server does.
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
			ADD COLUMN u uuid DEFAULT gen_random_uuid()                | true  | true  | volatile-default
			ADD COLUMN r double precision DEFAULT random()             | true  | true  | volatile-default
			ADD COLUMN s bigserial                                     | true  | true  | volatile-default
			ADD COLUMN g bigint GENERATED ALWAYS AS IDENTITY           | true  | true  | volatile-default
			ADD COLUMN l text GENERATED ALWAYS AS (lower(v)) STORED    | true  | true  | volatile-default
			ADD COLUMN a boolean NOT NULL DEFAULT true                 | false | false | volatile-default
			ADD COLUMN n timestamptz NOT NULL DEFAULT now()            | false | false | volatile-default
			ADD COLUMN x text                                          | false | false | volatile-default
			ALTER COLUMN id TYPE bigint                                | true  | true  | column-type-change
			ALTER COLUMN v SET DATA TYPE varchar(10)                   | true  | true  | column-type-change
			ALTER COLUMN v TYPE integer USING length(v)                | true  | true  | column-type-change
			ALTER COLUMN id SET DATA TYPE character varying            | true  | true  | column-type-change
			ALTER id TYPE text                                         | true  | true  | column-type-change
			ALTER COLUMN v TYPE text                                   | false | true  | column-type-change
			ALTER COLUMN v SET DATA TYPE varchar                       | false | true  | column-type-change
			""")
	void reportsEveryChangeThatRewritesTheTable(String action, boolean rewrites, boolean reported, String rule)
			throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " " + action;
			long before = fileNode(s, table);
			s.execute(sql);
			assertThat(fileNode(s, table) != before).as("table rewritten").isEqualTo(rewrites);
			// a type change is reported whatever the old type, which the migration does not show:
			// the binary-coercible ones (varchar(20) to text) are the price, waived with that reason
			assertThat(rulesReported(sql).contains(rule)).as("%s reported", rule).isEqualTo(reported);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			VACUUM FULL %s                 | true
			VACUUM (FULL, ANALYZE) %s      | true
			CLUSTER %1$s USING %1$s_pkey   | true
			VACUUM (ANALYZE) %s            | false
			VACUUM (FULL false) %s         | false
			""")
	void vacuumFullOrClusterIsReportedExactlyWhenItRewritesTheTable(String template, boolean rewrites)
			throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = template.formatted(table);
			long before = fileNode(s, table);
			s.execute(sql);
			assertThat(fileNode(s, table) != before).as("table rewritten").isEqualTo(rewrites);
			assertThat(rules(false, sql).contains("1 vacuum-full-or-cluster")).as("reported").isEqualTo(rewrites);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ADD COLUMN a integer CHECK (a >= 0)                        | true  | constraint-not-valid
			ADD COLUMN b integer DEFAULT 0 CONSTRAINT b_c CHECK (b < 9) | true  | constraint-not-valid
			ADD COLUMN p integer DEFAULT 1 REFERENCES parents          | true  | constraint-not-valid
			ADD COLUMN q integer DEFAULT NULL REFERENCES parents       | true  | constraint-not-valid
			ADD COLUMN r integer REFERENCES parents                    | false | constraint-not-valid
			ADD COLUMN n boolean NOT NULL DEFAULT false                | false | constraint-not-valid
			ADD COLUMN x text                                          | false | constraint-not-valid
			""")
	void inlineConstraintsOfAnAddedColumnAreReportedExactlyWhenTheyScanTheTable(String action, boolean scans,
			String rule) throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			s.execute("CREATE TABLE IF NOT EXISTS parents (id integer PRIMARY KEY)");
			s.execute("INSERT INTO parents VALUES (1) ON CONFLICT DO NOTHING");
			String sql = "ALTER TABLE " + table + " " + action;
			c.setAutoCommit(false);
			long before = tuplesRead(s, table);
			s.execute(sql);
			assertThat(tuplesRead(s, table) > before).as("rows of %s read", table).isEqualTo(scans);
			c.rollback();
			assertThat(rulesReported(sql).contains(rule)).as("%s reported", rule).isEqualTo(scans);
		}
	}

	@Test
	void detachPartitionLocksTheParentExclusivelyUnlessConcurrentAndIsReportedSo() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String parent = "t" + (++tables);
			s.execute("CREATE TABLE " + parent + " (id integer, at date) PARTITION BY RANGE (at)");
			s.execute("CREATE TABLE " + parent + "_2020 PARTITION OF " + parent
					+ " FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
			String detach = "ALTER TABLE " + parent + " DETACH PARTITION " + parent + "_2020";
			c.setAutoCommit(false);
			s.execute(detach);
			try (var rs = s.executeQuery("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = '"
					+ parent + "'::regclass")) {
				List<String> modes = new java.util.ArrayList<>();
				while (rs.next()) {
					modes.add(rs.getString(1));
				}
				assertThat(modes).contains("AccessExclusiveLock");
			}
			c.rollback();
			assertThat(rules(false, detach)).containsExactly("1 detach-partition-not-concurrent");
			assertThat(rules(false, detach + " CONCURRENTLY")).isEmpty();
		}
	}

	@Test
	void aDomainCheckScansEveryColumnOfTheDomainUnlessNotValidAndIsReportedSo() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = "t" + (++tables);
			s.execute("CREATE DOMAIN " + table + "_amount AS integer");
			s.execute("CREATE TABLE " + table + " (v " + table + "_amount)");
			s.execute("INSERT INTO " + table + " SELECT g FROM generate_series(1, 100) g");
			String check = "ALTER DOMAIN " + table + "_amount ADD CONSTRAINT positive CHECK (VALUE > 0)";
			c.setAutoCommit(false);
			long before = tuplesRead(s, table);
			s.execute(check + " NOT VALID");
			assertThat(tuplesRead(s, table)).isEqualTo(before);
			c.rollback();
			before = tuplesRead(s, table);
			s.execute(check);
			assertThat(tuplesRead(s, table)).isGreaterThanOrEqualTo(before + 100);
			c.rollback();
			assertThat(rules(true, check)).containsExactly("1 constraint-not-valid");
			assertThat(rules(true, check + " NOT VALID")).isEmpty();
		}
	}

	@Test
	void anInlineUniqueOnAnAddedColumnBuildsAnIndexAndIsReported() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String sql = "ALTER TABLE " + table + " ADD COLUMN contract_id bytea UNIQUE";
			int before = indexCount(s, table);
			s.execute(sql);
			assertThat(indexCount(s, table)).isEqualTo(before + 1);
			assertThat(rulesReported(sql)).contains("unique-constraint");
		}
	}

	@Test
	void aRequiredColumnFailsOnATableWithRowsAndIsReported() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String required = "ALTER TABLE " + table + " ADD COLUMN tenant_id bigint NOT NULL";
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.execute(required))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("23502"));
			assertThat(rulesReported(required)).contains("required-column");
			String defaulted = "ALTER TABLE " + table + " ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0";
			s.execute(defaulted);
			assertThat(rulesReported(defaulted)).doesNotContain("required-column");
		}
	}

	@Test
	void anEnumValueAddedInATransactionRunsThereButItsUseBeforeCommitIsRefusedAndReported() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			// PostgreSQL 11 refused the ADD VALUE itself in a transaction block; 12+ refuses only the use
			assertThat(c.getMetaData().getDatabaseMajorVersion()).isGreaterThanOrEqualTo(12);
			String type = "mood" + (++tables);
			c.setAutoCommit(false);
			// even for a type created in the same transaction
			s.execute("CREATE TYPE " + type + " AS ENUM ('sad')");
			s.execute("ALTER TYPE " + type + " ADD VALUE 'happy'");
			s.execute("SELECT 'sad'::" + type);
			String use = "SELECT 'happy'::" + type;
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.execute(use))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("55P04"));
			c.rollback();
			assertThat(rules(true, "ALTER TYPE " + type + " ADD VALUE 'happy'", use))
				.containsExactly("1 enum-value-in-transaction");
			assertThat(rules(false, "ALTER TYPE " + type + " ADD VALUE 'happy'", use)).isEmpty();
		}
	}

	@Test
	void namesOver63BytesAreTruncatedAsTheRuleSaysAndTwoSuchNamesAreOneObject() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			String first = "idx_account_transactions_base_account_id_created_at_status_cur_one";
			String second = "idx_account_transactions_base_account_id_created_at_status_cur_two";
			assertThat(first).hasSize(66);
			String createFirst = "CREATE INDEX " + first + " ON " + table + " (v)";
			String createSecond = "CREATE INDEX IF NOT EXISTS " + second + " ON " + table + " (id, v)";
			s.execute(createFirst);
			s.execute(createSecond);
			assertThat(indexNames(s, table)).contains(IdentifierLengthRule.truncated(first))
				.doesNotContain(first, second)
				.hasSize(3);
			assertThat(rulesReported(createFirst)).contains("identifier-too-long");
			assertThat(rulesReported(createSecond)).contains("identifier-too-long");
			// 32 two-byte characters: 64 bytes, cut at a character boundary to 62
			String wide = "ä".repeat(32);
			String createWide = "CREATE INDEX \"" + wide + "\" ON " + table + " (v)";
			s.execute(createWide);
			assertThat(indexNames(s, table)).contains(IdentifierLengthRule.truncated(wide));
			assertThat(IdentifierLengthRule.truncated(wide)).hasSize(31);
			assertThat(rulesReported(createWide)).contains("identifier-too-long");
			String exact = "ä".repeat(31) + "a";
			String createExact = "CREATE INDEX \"" + exact + "\" ON " + table + " (id)";
			s.execute(createExact);
			assertThat(indexNames(s, table)).contains(exact);
			assertThat(rulesReported(createExact)).doesNotContain("identifier-too-long");
		}
	}

	@Test
	void truncateCascadeEmptiesATableItDoesNotNameAndIsReported() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = freshTable(s);
			s.execute("CREATE TABLE " + table + "_child (id integer REFERENCES " + table + ")");
			s.execute("INSERT INTO " + table + "_child VALUES (1), (2)");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.execute("TRUNCATE " + table))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("0A000"));
			String cascade = "TRUNCATE " + table + " CASCADE";
			s.execute(cascade);
			try (var rs = s.executeQuery("SELECT count(*) FROM " + table + "_child")) {
				rs.next();
				assertThat(rs.getInt(1)).isZero();
			}
			assertThat(rulesReported(cascade)).contains("truncate-cascade");
			assertThat(rulesReported("TRUNCATE " + table)).doesNotContain("truncate-cascade");
		}
	}

	@Test
	void commitInsideTheMigrationsTransactionEndsItSoAFailureLeavesHalfTheMigrationApplied() throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			String table = "t" + (++tables);
			c.setAutoCommit(false);
			s.execute("CREATE TABLE " + table + "_a (id integer)");
			s.execute("BEGIN");
			java.sql.SQLWarning warning = s.getWarnings();
			assertThat((warning != null) ? warning.getSQLState() : null).as("there is already a transaction in progress")
				.isEqualTo("25001");
			s.execute("COMMIT");
			s.execute("CREATE TABLE " + table + "_b (id integer)");
			c.rollback();
			assertThat(exists(s, table + "_a")).as("before the COMMIT: kept").isTrue();
			assertThat(exists(s, table + "_b")).as("after the COMMIT: rolled back").isFalse();
			assertThat(rules(true, "CREATE TABLE x (id integer)", "BEGIN", "COMMIT"))
				.containsExactly("2 transaction-control", "3 transaction-control");
		}
	}

	/**
	 * The findings for statements of one transactional or notransaction section, one per line, as
	 * {@code "<line> <rule-id>"}.
	 */
	private List<String> rules(boolean transactional, String... statements) {
		List<SqlStatement> parsed = new java.util.ArrayList<>();
		for (int i = 0; i < statements.length; i++) {
			parsed.add(new SqlStatement(statements[i], i + 1, null, PostgresDialect.LEXICAL_RULES));
		}
		return this.linter.lint("case.sql", parsed, transactional, new String[0], 1)
			.stream()
			.map((v) -> v.line() + " " + v.ruleId())
			.toList();
	}

	private static long tuplesRead(Statement s, String table) throws SQLException {
		try (var rs = s.executeQuery("SELECT pg_stat_get_xact_tuples_returned('" + table + "'::regclass)")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static int indexCount(Statement s, String table) throws SQLException {
		return indexNames(s, table).size();
	}

	private static List<String> indexNames(Statement s, String table) throws SQLException {
		List<String> names = new java.util.ArrayList<>();
		try (var rs = s.executeQuery("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '" + table
				+ "'::regclass")) {
			while (rs.next()) {
				names.add(rs.getString(1).replace("\"", ""));
			}
		}
		return names;
	}

	private static boolean exists(Statement s, String table) throws SQLException {
		try (var rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
			rs.next();
			return rs.getBoolean(1);
		}
	}

	private static long fileNode(Statement s, String table) throws SQLException {
		try (var rs = s.executeQuery("SELECT pg_relation_filenode('" + table + "')")) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
