package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code rename} (WARNING): renaming a column, a table or a schema that existed before the
 * migration. The rename itself is instant, but the release that is still running (during a
 * rolling deploy, or after a rollback of the application) uses the old name and starts failing.
 * Renaming constraints and indexes is harmless and not reported.
 */
final class RenameRule implements LintRule {

	@Override
	public String id() {
		return "rename";
	}

	@Override
	public Severity severity() {
		return Severity.WARNING;
	}

	@Override
	public List<String> check(LintStatement statement) {
		if (statement.startsWith("alter", "schema") && statement.contains("rename", "to")) {
			return List.of(message("schema " + nameAt(statement.tokens(), 2)));
		}
		LintStatement.AlterTable alter = statement.alterTable();
		if (alter == null || statement.isNewTable(alter.table())) {
			return List.of();
		}
		List<String> messages = new ArrayList<>();
		for (List<Token> action : alter.actions()) {
			if (!matchesAt(action, 0, "rename") || matchesAt(action, 1, "constraint")) {
				continue;
			}
			messages.add(matchesAt(action, 1, "to") ? message("table " + alter.table())
					: message("column " + alter.table() + "." + columnOf(action)));
		}
		return messages;
	}

	private static String message(String what) {
		return "Renaming " + what + " breaks the release that is still running, which uses the old name. "
				+ "Expand/contract instead: add the new name (a new column written alongside the old and backfilled, "
				+ "or for a table a view under the old name), move the code over, and drop the old name in a later "
				+ "release.";
	}

}
