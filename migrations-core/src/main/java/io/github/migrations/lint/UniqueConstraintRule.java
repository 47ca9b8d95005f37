package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

import static io.github.migrations.lint.LintStatement.addedConstraintKind;
import static io.github.migrations.lint.LintStatement.has;

/**
 * {@code unique-constraint} (ERROR): {@code ADD UNIQUE} or {@code ADD PRIMARY KEY} without
 * {@code USING INDEX} on a table that existed before the migration builds the index under the
 * {@code ALTER TABLE}'s ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.
 */
final class UniqueConstraintRule implements LintRule {

	@Override
	public String id() {
		return "unique-constraint";
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
			if (("unique".equals(kind) || "primary".equals(kind)) && !has(action, "using", "index")) {
				String what = "unique".equals(kind) ? "UNIQUE" : "PRIMARY KEY";
				messages.add("ADD " + what + " on existing table " + alter.table()
						+ " builds its index while reads and writes wait. Build the index first with CREATE UNIQUE "
						+ "INDEX CONCURRENTLY in a '-- +migrate Up notransaction' migration, then ALTER TABLE "
						+ alter.table() + " ADD CONSTRAINT ... " + what + " USING INDEX ... (instant).");
			}
		}
		return messages;
	}

}
