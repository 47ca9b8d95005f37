package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.parse.SqlStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LintStatement}: what the rules see of a statement (the statement's own tokens,
 * lexed with PostgreSQL's rules).
 */
class LintStatementTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			CREATE  Index  idx ON users                   | create index idx on users
			select /* a /* nested */ comment */ 1 -- tail  | select 1
			ALTER TABLE "Users" ADD "Col" int             | alter table "Users" add "Col" int
			SELECT 'it''s; -- not a comment'              | select 'it''s; -- not a comment'
			SELECT E'a\\'b', U&'x', B'101', X'ff'         | select E'a\\'b' , U&'x' , B'101' , X'ff'
			SELECT $tag$ UPDATE users SET x = 1 $tag$     | select $tag$ UPDATE users SET x = 1 $tag$
			SELECT $1::json, a.b                          | select $1 :: json , a . b
			SELECT 1.5e3 + .5                             | select 1.5e3 + .5
			SELECT 'unterminated                          | select 'unterminated
			SELECT "unterminated                          | select "unterminated"
			""")
	void normalizesStatementsAsTheRulesSeeThem(String sql, String normalized) {
		LintStatement statement = new LintStatement(new SqlStatement(sql, 1, null, PostgresDialect.LEXICAL_RULES), true,
				new CreatedObjects(), List.of());
		assertThat(statement.normalized()).isEqualTo(normalized);
	}

}
