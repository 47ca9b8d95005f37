package io.github.migrations.dialect.postgres;

import java.util.List;
import java.util.stream.Stream;

import io.github.migrations.parse.SqlStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PostgresDialect} logic that needs no database.
 */
class PostgresDialectTests {

	static Stream<Arguments> statements() {
		return Stream.of(
				Arguments.of("ALTER TABLE orders ADD COLUMN note text",
						List.of("ALTER", "TABLE", "orders", "ADD", "COLUMN", "note", "text")),
				Arguments.of("ALTER TABLE shop . orders ADD note text",
						List.of("ALTER", "TABLE", "shop.orders", "ADD", "note", "text")),
				Arguments.of("CREATE INDEX i ON \"Order Lines\" (id)",
						List.of("CREATE", "INDEX", "i", "ON", "\"Order Lines\"", "id")),
				Arguments.of("UPDATE t SET c = 'orders -- not a name' -- comment\n", List.of("UPDATE", "t", "SET", "c")),
				Arguments.of("DO $$ BEGIN PERFORM 1 FROM hidden; END $$", List.of("DO")),
				Arguments.of("/* lock orders */ LOCK TABLE items, items", List.of("LOCK", "TABLE", "items")));
	}

	@ParameterizedTest
	@MethodSource("statements")
	void relationCandidatesAreTheNamesOutsideLiteralsAndCommentsEachOnce(String statement, List<String> expected) {
		assertThat(PostgresDialect.relationCandidates(statement)).containsExactlyElementsOf(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			SET search_path TO shop                                 | true
			set local lock_timeout = '1s'                           | true
			RESET ALL                                               | true
			DISCARD ALL                                             | true
			SELECT set_config('search_path', 'shop', false)         | true
			SET SESSION AUTHORIZATION DEFAULT                       | true
			DO $$ BEGIN PERFORM set_config('a', 'b', false); END $$ | true
			SELECT 1 FROM t WHERE n = 'x' -- set_config(            | false
			UPDATE t SET x = 1                                      | false
			INSERT INTO t VALUES ('SET x')                          | false
			CREATE TABLE settings (id int)                          | false
			""")
	void changesSessionForStatementsThatMaySetSessionState(String sql, boolean changes) {
		PostgresDialect dialect = new PostgresDialect();
		assertThat(dialect.changesSession(new SqlStatement(sql, 1, null, dialect.lexicalRules()))).isEqualTo(changes);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			CREATE TABLE t (id int)                                          | true
			create index t_id on t (id)                                      | true
			ALTER TABLE t ADD COLUMN note text                               | true
			INSERT INTO t VALUES (1, 'returning')                            | true
			UPDATE t SET x = 1                                               | true
			DELETE FROM t WHERE id = 1                                       | true
			COMMENT ON TABLE t IS 'a; b'                                     | true
			DO $$ BEGIN INSERT INTO t VALUES (1); END $$                     | true
			GRANT SELECT ON t TO app                                         | true
			/* first */ DROP TABLE t                                         | true
			INSERT INTO t VALUES (1) RETURNING id                            | false
			DELETE FROM t RETURNING *                                        | false
			SELECT setval('s', 42)                                           | false
			WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x               | false
			VALUES (1)                                                       | false
			SHOW search_path                                                 | false
			CALL p()                                                         | false
			COPY t TO STDOUT                                                 | false
			SET search_path TO shop                                          | false
			RESET ALL                                                        | false
			DISCARD ALL                                                      | false
			CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END | false
			COMMIT                                                           | false
			BEGIN                                                            | false
			"CREATE" TABLE t (id int)                                        | false
			""")
	void aStatementRidesInAPipelineOnlyWhenItReturnsNoRowsChangesNoSessionAndIsOneStatement(String sql,
			boolean pipelinable) {
		PostgresDialect dialect = new PostgresDialect();
		assertThat(dialect.pipelinable(new SqlStatement(sql, 1, null, dialect.lexicalRules()))).isEqualTo(pipelinable);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			plain          | E'plain'
			it's           | E'it''s'
			back\\slash    | E'back\\\\slash'
			""")
	void aLiteralWrittenIntoABatchIsAnEscapeStringWithQuotesAndBackslashesDoubled(String value, String literal) {
		assertThat(PostgresLiterals.string(value)).isEqualTo(literal);
	}

	@org.junit.jupiter.api.Test
	void aNullLiteralIsNull() {
		assertThat(PostgresLiterals.string(null)).isEqualTo("NULL");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			jdbc:postgresql://db:5432/orders                          | 5432
			jdbc:postgresql://db/orders?ApplicationName=x:1           | 5432
			jdbc:postgresql://127.0.0.1:6432/orders                   | 6432
			jdbc:postgresql://a:5433,b,c:5434/orders?targetServerType=primary | 5433;5432;5434
			jdbc:postgresql://[::1]:5740/orders                       | 5740
			jdbc:postgresql://[::1]/orders                            | 5432
			jdbc:postgresql:orders                                    | 5432
			jdbc:postgresql:///orders                                 | 5432
			jdbc:postgresql://db:notaport/orders                      | ``
			jdbc:h2:mem:orders                                        | ``
			""")
	void urlPortsAreThePortsAPgjdbcUrlConnectsTo(String url, String ports) {
		List<Integer> expected = (ports == null || ports.isEmpty()) ? List.of()
				: Stream.of(ports.split(";")).map(Integer::valueOf).toList();
		assertThat(PostgresLockSql.urlPorts(url)).containsExactlyElementsOf(expected);
	}

}
