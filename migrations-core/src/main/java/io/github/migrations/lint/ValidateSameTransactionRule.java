package io.github.migrations.lint;

import java.util.List;
import java.util.Objects;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.addedConstraintName;
import static io.github.migrations.lint.LintStatement.has;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code validate-same-transaction} (ERROR): {@code VALIDATE CONSTRAINT c} in the same transactional
 * section as the {@code ADD CONSTRAINT c ... NOT VALID} before it. The lock taken by the
 * {@code ADD} is held until commit, so the validating scan blocks writes after all: the
 * {@code NOT VALID} gained nothing. In a {@code notransaction} section each statement commits on
 * its own and the pattern is fine. One finding per statement.
 */
final class ValidateSameTransactionRule extends AlterTableRule {

	@Override
	public List<String> check(LintStatement statement) {
		List<String> messages = super.check(statement);
		return (messages.size() > 1) ? messages.subList(0, 1) : messages;
	}

	@Override
	boolean applies(LintStatement statement, String table) {
		// new tables too: the lock is held until commit whatever the table
		return statement.transactional();
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "validate", "constraint")) {
			return null;
		}
		String name = nameAt(action, 2);
		Integer added = addedNotValidBefore(statement, name);
		if (added == null) {
			return null;
		}
		return "VALIDATE CONSTRAINT " + name + " runs in the same transaction as its ADD ... NOT VALID (line "
				+ added + "), whose lock is held until commit: the scan blocks writes after all. Move the VALIDATE "
				+ "CONSTRAINT to a later migration.";
	}

	private static @Nullable Integer addedNotValidBefore(LintStatement validate, @Nullable String name) {
		for (LintStatement earlier : validate.section()) {
			if (earlier == validate) {
				return null;
			}
			LintStatement.AlterTable alter = earlier.alterTable();
			if (alter == null) {
				continue;
			}
			for (List<Token> action : alter.actions()) {
				if (has(action, "not", "valid") && Objects.equals(addedConstraintName(action), name)) {
					return earlier.line();
				}
			}
		}
		return null;
	}

}
