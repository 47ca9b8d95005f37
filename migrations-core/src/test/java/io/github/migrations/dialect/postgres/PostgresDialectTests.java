package io.github.migrations.dialect.postgres;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

}
