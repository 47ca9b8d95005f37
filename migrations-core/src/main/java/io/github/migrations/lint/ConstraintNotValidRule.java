package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

import static io.github.migrations.lint.LintStatement.addedConstraintKind;
import static io.github.migrations.lint.LintStatement.has;

/**
 * {@code constraint-not-valid} (ERROR): {@code ALTER TABLE ... ADD FOREIGN KEY} or {@code ADD CHECK}
 * without {@code NOT VALID} on a table that existed before the migration. PostgreSQL checks every
 * row while holding the lock of the {@code ALTER TABLE} (ACCESS EXCLUSIVE for a check; SHARE ROW
 * EXCLUSIVE on both tables for a foreign key), so writes wait for the whole scan.
 */
final class ConstraintNotValidRule implements LintRule {

	@Override
	public String id() {
		return "constraint-not-valid";
	}

	@Override
	public Severity severity() {
		return Severity.ERROR;
	}

	@Override
	public List<String> check(LintStatement statement) {
		LintStatement.AlterTable alter = statement.alterTable();
		if (alter == null || statement.isNewTable(alter.table())) {
			return List.of();
		}
		List<String> messages = new ArrayList<>();
		for (List<Token> action : alter.actions()) {
			String kind = addedConstraintKind(action);
			if (("foreign".equals(kind) || "check".equals(kind)) && !has(action, "not", "valid")) {
				String what = "foreign".equals(kind) ? "FOREIGN KEY" : "CHECK";
				messages.add("ADD " + what + " on existing table " + alter.table()
						+ " checks every row while holding a lock that blocks writes. Add it with NOT VALID (only new "
						+ "rows are checked, the lock is brief), then run ALTER TABLE ... VALIDATE CONSTRAINT in a "
						+ "later migration (it lets reads and writes go on).");
			}
		}
		return messages;
	}

}
