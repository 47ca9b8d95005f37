package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code rename} (WARNING): renaming a column, a table or a schema that existed before the
 * migration. The rename itself is instant, but the release that is still running (during a
 * rolling deploy, or after a rollback of the application) uses the old name and starts failing.
 * Renaming constraints and indexes is harmless and not reported.
 */
final class RenameRule extends AlterTableRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (statement.startsWith("alter", "schema") && statement.contains("rename", "to")) {
			return List.of(message("schema " + nameAt(statement.tokens(), 2)));
		}
		return super.check(statement);
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "rename") || matchesAt(action, 1, "constraint")) {
			return null;
		}
		return matchesAt(action, 1, "to") ? message("table " + table)
				: message("column " + table + "." + columnOf(action));
	}

	static String message(String what) {
		return "Renaming " + what + " breaks the release that is still running, which uses the old name. "
				+ "Expand/contract instead: add the new name (a new column written alongside the old and backfilled, "
				+ "or for a table a view under the old name), move the code over, and drop the old name in a later "
				+ "release.";
	}

}
