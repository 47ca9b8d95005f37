package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code truncate-cascade} (ERROR): {@code TRUNCATE ... CASCADE} naming a table that existed before
 * the migration. It also empties every table that references the named ones through a foreign
 * key, and theirs in turn: tables the migration does not name lose all their rows, under ACCESS
 * EXCLUSIVE locks on each.
 */
final class TruncateCascadeRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (!statement.startsWith("truncate") || !statement.contains("cascade")) {
			return List.of();
		}
		List<Token> tokens = statement.tokens();
		List<String> existing = new ArrayList<>();
		int i = matchesAt(tokens, 1, "table") ? 2 : 1;
		while (i < tokens.size()) {
			if (matchesAt(tokens, i, "only")) {
				i++;
			}
			String table = nameAt(tokens, i);
			if (table == null) {
				break;
			}
			if (!statement.isNewTable(table)) {
				existing.add(table);
			}
			i = LintStatement.afterName(tokens, i);
			if (i < tokens.size() && tokens.get(i).isSymbol("*")) {
				i++;
			}
			if (i >= tokens.size() || !tokens.get(i).isSymbol(",")) {
				break;
			}
			i++;
		}
		if (existing.isEmpty()) {
			return List.of();
		}
		return List.of("TRUNCATE ... CASCADE of " + String.join(", ", existing) + " also empties every table that "
				+ "references it through a foreign key, and theirs in turn: tables this migration does not name lose "
				+ "all their rows. Name every table to empty and leave CASCADE out, so that PostgreSQL refuses the "
				+ "statement when another table still references them.");
	}

}
