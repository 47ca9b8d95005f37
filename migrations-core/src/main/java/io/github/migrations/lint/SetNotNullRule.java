package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.has;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code set-not-null} (ERROR): {@code ALTER COLUMN ... SET NOT NULL} on a table that existed before
 * the migration scans every row under an ACCESS EXCLUSIVE lock (reads and writes wait). Not
 * reported when an earlier statement of the same section validates a constraint of that table
 * (the check-then-set pattern). When the check was validated by an earlier migration, waive with
 * that reason.
 */
final class SetNotNullRule extends AlterTableRule {

	@Override
	boolean applies(LintStatement statement, String table) {
		return super.applies(statement, table) && !validatedBefore(statement, table);
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "alter") || !has(action, "set", "not", "null")) {
			return null;
		}
		String column = columnOf(action);
		return "SET NOT NULL on " + table + "." + column
				+ " scans the whole table under an ACCESS EXCLUSIVE lock (reads and writes wait). Instead: ADD "
				+ "CONSTRAINT ... CHECK (" + column + " IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT in a later "
				+ "migration; then SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan) and "
				+ "drop the check.";
	}

	private static boolean validatedBefore(LintStatement statement, String table) {
		for (LintStatement earlier : statement.section()) {
			if (earlier == statement) {
				return false;
			}
			LintStatement.AlterTable alter = earlier.alterTable();
			if (alter != null && alter.table().equals(table)
					&& alter.actions().stream().anyMatch((a) -> matchesAt(a, 0, "validate", "constraint"))) {
				return true;
			}
		}
		return false;
	}

}
