package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.afterName;
import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code rename} (WARNING, MariaDB and MySQL): as {@link RenameRule}, in MariaDB's and MySQL's
 * spellings: {@code RENAME TABLE a TO b[, c TO d]}, {@code ALTER TABLE ... RENAME [TO | AS] name},
 * {@code RENAME COLUMN a TO b}, and {@code CHANGE [COLUMN] a b ...} with a new name. Renaming an
 * index or key is harmless and not reported.
 */
final class MariaDbRenameRule extends AlterTableRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (!statement.startsWith("rename", "table") && !statement.startsWith("rename", "tables")) {
			return super.check(statement);
		}
		List<Token> tokens = statement.tokens();
		List<String> messages = new ArrayList<>();
		int i = 2;
		while (i < tokens.size()) {
			String table = nameAt(tokens, i);
			if (table == null) {
				break;
			}
			if (!statement.isNewTable(table)) {
				messages.add(RenameRule.message("table " + table));
			}
			// a TO b, skip to the next pair
			while (i < tokens.size() && !tokens.get(i).isSymbol(",")) {
				i++;
			}
			i++;
		}
		return messages;
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (matchesAt(action, 0, "rename")) {
			if (matchesAt(action, 1, "index") || matchesAt(action, 1, "key") || matchesAt(action, 1, "constraint")) {
				return null;
			}
			return matchesAt(action, 1, "column") ? RenameRule.message("column " + table + "." + columnOf(action))
					: RenameRule.message("table " + table);
		}
		if (matchesAt(action, 0, "change")) {
			int i = matchesAt(action, 1, "column") ? 2 : 1;
			if (matchesAt(action, i, "if", "exists")) {
				i += 2;
			}
			String from = nameAt(action, i);
			String to = nameAt(action, afterName(action, i));
			if (from != null && to != null && !from.equalsIgnoreCase(to)) {
				return RenameRule.message("column " + table + "." + from + " (CHANGE to " + to + ")");
			}
		}
		return null;
	}

}
