package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

	/**
	 * For an action {@code ADD [CONSTRAINT name] kind ...} of one of these kinds that lacks the
	 * words that make it safe: the kind as SQL writes it ({@code FOREIGN KEY}, {@code CHECK},
	 * {@code UNIQUE}, {@code PRIMARY KEY}); otherwise {@code null}.
	 */
	static @Nullable String unsafeAdd(List<Token> action, Set<String> kinds, String... safe) {
		String kind = LintStatement.addedConstraintKind(action);
		if (kind == null || !kinds.contains(kind) || LintStatement.has(action, safe)) {
			return null;
		}
		return switch (kind) {
			case "foreign" -> "FOREIGN KEY";
			case "primary" -> "PRIMARY KEY";
			default -> kind.toUpperCase(Locale.ROOT);
		};
	}

}
