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

}
