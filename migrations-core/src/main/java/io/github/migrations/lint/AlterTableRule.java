package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.LintStatement.AlterTable;
import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * A rule about the actions of {@code ALTER TABLE}: each action ({@code ADD ...},
 * {@code ALTER COLUMN ...}, split at the commas) is handed to {@link #check(LintStatement, String,
 * List)}, by default only when the table existed before the migration (locking a table created in
 * the same migration harms nobody).
 */
abstract class AlterTableRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		AlterTable alter = statement.alterTable();
		if (alter == null || !applies(statement, alter.table())) {
			return List.of();
		}
		List<String> messages = new ArrayList<>();
		for (List<Token> action : alter.actions()) {
			String message = check(statement, alter.table(), action);
			if (message != null) {
				messages.add(message);
			}
		}
		return messages;
	}

	/**
	 * Whether to look at the actions on the table (the last part of its name, folded).
	 */
	boolean applies(LintStatement statement, String table) {
		return !statement.isNewTable(table);
	}

	/**
	 * @return the message for the action, or {@code null} when it is fine
	 */
	abstract @Nullable String check(LintStatement statement, String table, List<Token> action);

}
