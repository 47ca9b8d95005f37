package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code unbatched-dml} (WARNING): {@code UPDATE} or {@code DELETE} without a {@code WHERE} on a
 * table that existed before the migration. One transaction then locks every row until commit
 * (concurrent writers wait), holds back vacuum and can double the table's size. Harmless on a small
 * table, which the linter cannot see: hence a warning.
 */
final class UnbatchedDmlRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		int verb = statement.verbIndex();
		List<Token> tokens = statement.tokens();
		int tableAt;
		if (matchesAt(tokens, verb, "update")) {
			tableAt = verb + 1;
		}
		else if (matchesAt(tokens, verb, "delete", "from")) {
			tableAt = verb + 2;
		}
		else {
			return List.of();
		}
		if (matchesAt(tokens, tableAt, "only")) {
			tableAt++;
		}
		String table = nameAt(tokens, tableAt);
		if (table == null || statement.isNewTable(table)) {
			return List.of();
		}
		for (int i = tableAt; i < tokens.size(); i++) {
			if (tokens.get(i).depth() == 0 && tokens.get(i).is("where")) {
				return List.of();
			}
		}
		String what = tokens.get(verb).text().toUpperCase(java.util.Locale.ROOT);
		return List.of(what + " of every row of " + table + " in one transaction locks all of them until commit "
				+ "(concurrent writers wait), holds back vacuum and bloats the table. Use the batched backfill (keyset "
				+ "batches, one transaction each) from a Java migration, or limit the rows with a WHERE.");
	}

}
