package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code drop} (WARNING): {@code DROP TABLE} or {@code ALTER TABLE ... DROP COLUMN} of a table or
 * column that existed before the migration. The release still running may read it, and the data is
 * gone for good: a drop belongs only in the contract step, after every running release has stopped
 * using it. Dropping constraints, defaults and {@code NOT NULL} is not reported.
 */
final class DropRule extends AlterTableRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (!statement.startsWith("drop", "table")) {
			return super.check(statement);
		}
		List<Token> tokens = statement.tokens();
		List<String> messages = new ArrayList<>();
		int i = matchesAt(tokens, 2, "if", "exists") ? 4 : 2;
		while (i < tokens.size()) {
			String table = nameAt(tokens, i);
			if (table == null) {
				break;
			}
			if (!statement.isNewTable(table)) {
				messages.add(message("table " + table));
			}
			i = LintStatement.afterName(tokens, i);
			if (i >= tokens.size() || !tokens.get(i).isSymbol(",")) {
				break;
			}
			i++;
		}
		return messages;
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "drop") || matchesAt(action, 1, "constraint")) {
			return null;
		}
		return message("column " + table + "." + columnOf(action));
	}

	static String message(String what) {
		return "Dropping " + what + " breaks the release still running if it reads it, and the data is gone for "
				+ "good. Drop only as the contract step, once no running release uses it, and say so in a waiver: "
				+ "'-- migrations:allow drop <why nothing uses it any more>'.";
	}

}
