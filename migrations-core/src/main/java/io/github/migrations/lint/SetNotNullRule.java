package io.github.migrations.lint;

import java.util.List;
import java.util.Objects;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.addedConstraintName;
import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.has;
import static io.github.migrations.lint.LintStatement.indexOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code set-not-null} (ERROR): {@code ALTER [COLUMN] name SET NOT NULL} on a table that existed
 * before the migration scans every row under an ACCESS EXCLUSIVE lock (reads and writes wait).
 * Not reported when an earlier statement of the same section validates a constraint of that table
 * (the check-then-set pattern: PostgreSQL 12+ then skips the scan), unless the section also shows
 * that constraint's definition and it is not {@code CHECK (column IS NOT NULL)} for this column.
 * When the check was validated by an earlier migration, waive with that reason.
 */
final class SetNotNullRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "alter") || !has(action, "set", "not", "null")) {
			return null;
		}
		String column = columnOf(action);
		if (validatedBefore(statement, table, column)) {
			return null;
		}
		return "SET NOT NULL on " + table + "." + column
				+ " scans the whole table under an ACCESS EXCLUSIVE lock (reads and writes wait). Instead: ADD "
				+ "CONSTRAINT ... CHECK (" + column + " IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT in a later "
				+ "migration; then SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan) and "
				+ "drop the check.";
	}

	private static boolean validatedBefore(LintStatement statement, String table, @Nullable String column) {
		for (LintStatement earlier : statement.section()) {
			if (earlier == statement) {
				return false;
			}
			LintStatement.AlterTable alter = earlier.alterTable();
			if (alter == null || !alter.table().equals(table)) {
				continue;
			}
			for (List<Token> action : alter.actions()) {
				if (matchesAt(action, 0, "validate", "constraint")
						&& checksNotNull(statement, nameAt(action, 2), column)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether the constraint may be the column's {@code IS NOT NULL} check: its definition in the
	 * section says so, or the section does not define it (an earlier migration did).
	 */
	private static boolean checksNotNull(LintStatement statement, @Nullable String constraint,
			@Nullable String column) {
		for (LintStatement other : statement.section()) {
			LintStatement.AlterTable alter = other.alterTable();
			if (alter == null) {
				continue;
			}
			for (List<Token> action : alter.actions()) {
				if (constraint != null && Objects.equals(addedConstraintName(action), constraint)) {
					int check = indexOf(action, 0, "check");
					int name = check + 2;
					int after = LintStatement.afterName(action, name);
					return check >= 0 && check + 1 < action.size() && action.get(check + 1).isSymbol("(")
							&& Objects.equals(nameAt(action, name), column) && matchesAt(action, after, "is", "not", "null")
							&& after + 3 < action.size() && action.get(after + 3).isSymbol(")");
				}
			}
		}
		return true;
	}

}
