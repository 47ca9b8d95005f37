package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code missing-if-not-exists} (WARNING): a statement in a {@code notransaction} section that fails
 * when run a second time: {@code CREATE INDEX/TABLE/SCHEMA/SEQUENCE/EXTENSION/MATERIALIZED VIEW}
 * without {@code IF NOT EXISTS}, {@code DROP ...} without {@code IF EXISTS}, {@code ADD COLUMN}
 * without {@code IF NOT EXISTS}, {@code DROP COLUMN} without {@code IF EXISTS}. Without a
 * transaction, a failure part-way leaves the earlier statements applied, and the fixed migration
 * runs all of them again.
 */
final class MissingIfNotExistsRule implements LintRule {

	private static final Set<String> OBJECTS = Set.of("table", "schema", "sequence", "extension", "view", "type",
			"function", "procedure", "trigger");

	@Override
	public List<String> check(LintStatement statement) {
		if (statement.transactional()) {
			return List.of();
		}
		List<Token> tokens = statement.tokens();
		List<String> messages = new ArrayList<>();
		int index = statement.indexAfterCreateIndex();
		if (index >= 0) {
			int i = matchesAt(tokens, index, "concurrently") ? index + 1 : index;
			if (!matchesAt(tokens, i, "if", "not", "exists")) {
				messages.add(message("CREATE INDEX", "CREATE INDEX CONCURRENTLY IF NOT EXISTS")
						+ " An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index: drop it before the re-run.");
			}
		}
		else if (statement.startsWith("create")) {
			int i = statement.startsWith("create", "unlogged") ? 2 : 1;
			String object = matchesAt(tokens, i, "materialized", "view") ? "materialized view"
					: (i < tokens.size()) ? tokens.get(i).text() : "";
			int after = i + object.split(" ").length;
			if (Set.of("table", "schema", "sequence", "extension", "materialized view").contains(object)
					&& !matchesAt(tokens, after, "if", "not", "exists")) {
				String upper = object.toUpperCase(java.util.Locale.ROOT);
				messages.add(message("CREATE " + upper, "CREATE " + upper + " IF NOT EXISTS"));
			}
		}
		else if (statement.startsWith("drop")) {
			int i = matchesAt(tokens, 1, "materialized", "view") ? 3 : 2;
			String object = (i == 3) ? "materialized view" : (tokens.size() > 1) ? tokens.get(1).text() : "";
			boolean known = object.equals("index") || object.equals("materialized view") || OBJECTS.contains(object);
			if (object.equals("index") && matchesAt(tokens, i, "concurrently")) {
				i++;
			}
			if (known && !matchesAt(tokens, i, "if", "exists")) {
				String upper = object.toUpperCase(java.util.Locale.ROOT);
				messages.add(message("DROP " + upper, "DROP " + upper + " IF EXISTS"));
			}
		}
		LintStatement.AlterTable alter = statement.alterTable();
		if (alter != null) {
			for (List<Token> action : alter.actions()) {
				if (LintStatement.isAddColumn(action)) {
					int i = matchesAt(action, 1, "column") ? 2 : 1;
					if (!matchesAt(action, i, "if", "not", "exists")) {
						messages.add(message("ADD COLUMN", "ADD COLUMN IF NOT EXISTS"));
					}
				}
				else if (matchesAt(action, 0, "drop") && !matchesAt(action, 1, "constraint")) {
					int i = matchesAt(action, 1, "column") ? 2 : 1;
					if (!matchesAt(action, i, "if", "exists")) {
						messages.add(message("DROP COLUMN", "DROP COLUMN IF EXISTS"));
					}
				}
			}
		}
		return messages;
	}

	private static String message(String what, String safe) {
		return what + " in a notransaction section fails when the migration runs again after a failure part-way "
				+ "(the earlier statements stay applied). Write " + safe + " so that the re-run succeeds.";
	}

}
