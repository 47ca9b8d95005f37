package io.github.migrations.parse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.migrations.dialect.h2.H2Dialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link StatementSplitter} with H2's rules against H2 itself: the statements it cuts run, and
 * leave the values the text spells.
 */
class StatementSplitterH2Tests {

	@Test
	void statementsSplitForH2RunOnH2() throws Exception {
		String script = """
				// H2 line comment; with a semicolon
				CREATE TABLE "odd;name" (id INT PRIMARY KEY, note VARCHAR(100) CHECK (note <> ';'));
				/* a block comment; /* not nested in H2 */
				INSERT INTO "odd;name" VALUES (1, 'it''s; here'), (2, $$dollar; 'text'$$);
				-- a line comment; too
				INSERT INTO "odd;name" VALUES (3, 'back\\slash;')
				""";
		List<SqlStatement> statements = new StatementSplitter(H2Dialect.LEXICAL_RULES).split("h2.sql", script, 1);
		assertThat(statements).extracting(SqlStatement::line).containsExactly(2, 4, 6);
		List<String> notes = new ArrayList<>();
		try (Connection connection = DriverManager
			.getConnection("jdbc:h2:mem:splitter_" + UUID.randomUUID().toString().replace("-", ""));
				Statement jdbc = connection.createStatement()) {
			for (SqlStatement statement : statements) {
				jdbc.execute(statement.sql());
			}
			try (ResultSet rows = jdbc.executeQuery("SELECT note FROM \"odd;name\" ORDER BY id")) {
				while (rows.next()) {
					notes.add(rows.getString(1));
				}
			}
		}
		assertThat(notes).containsExactly("it's; here", "dollar; 'text'", "back\\slash;");
	}

}
