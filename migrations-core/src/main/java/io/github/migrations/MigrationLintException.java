package io.github.migrations;

import java.util.List;

import io.github.migrations.lint.LintViolation;

/**
 * The linter found statements in pending migrations that would lock or rewrite a live table, or
 * break the running release, and {@code lint} is {@link LintMode#FAIL}. Nothing was changed. Each
 * violation is listed with file, line, rule and the safe alternative.
 */
public class MigrationLintException extends MigrationException {

	private final List<LintViolation> violations;

	public MigrationLintException(List<LintViolation> violations) {
		super("Migration lint found " + Findings.count(violations.size(), "unsafe statement")
				+ " in pending migrations; nothing was applied",
				Findings.context(violations, (v) -> v.script() + ":" + v.line() + " " + v.ruleId(),
						(v) -> v.message() + " [" + v.statement() + "]"),
				"Rewrite each statement as its message says, or waive it with a line "
						+ "'-- migrations:allow <rule-id> <reason>' directly before it; migrations.lint=warn only logs.",
				null);
		this.violations = List.copyOf(violations);
	}

	public List<LintViolation> getViolations() {
		return this.violations;
	}

}
