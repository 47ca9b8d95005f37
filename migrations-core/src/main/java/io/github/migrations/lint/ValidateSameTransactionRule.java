package io.github.migrations.lint;

import java.util.List;
import java.util.Objects;

import io.github.migrations.lint.SqlTokens.Token;
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
 * its own and the pattern is fine.
 */
final class ValidateSameTransactionRule implements LintRule {

	@Override
	public String id() {
		return "validate-same-transaction";
	}

	@Override
	public Severity severity() {
		return Severity.ERROR;
	}

	@Override
	public List<String> check(LintStatement statement) {
		LintStatement.AlterTable alter = statement.alterTable();
		if (!statement.transactional() || alter == null) {
			return List.of();
		}
		for (List<Token> action : alter.actions()) {
			if (matchesAt(action, 0, "validate", "constraint")) {
				String name = nameAt(action, 2);
				Integer added = addedNotValidBefore(statement, name);
				if (added != null) {
					return List.of("VALIDATE CONSTRAINT " + name + " runs in the same transaction as its ADD ... NOT "
							+ "VALID (line " + added + "), whose lock is held until commit: the scan blocks writes "
							+ "after all. Move the VALIDATE CONSTRAINT to a later migration.");
				}
			}
		}
		return List.of();
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
