package io.github.migrations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.lint.LintViolation;

/**
 * The linter found statements in pending migrations that would lock or rewrite a live table, or
 * break the running release, and {@code lint} is {@link LintMode#FAIL}. Nothing was changed. Each
 * violation is listed with file, line, rule and the safe alternative.
 */
public class MigrationLintException extends MigrationException {

	private final List<LintViolation> violations;

	public MigrationLintException(List<LintViolation> violations) {
		super(summary(violations), context(violations),
				"Rewrite each statement as its message says, or waive it with a line "
						+ "'-- migrations:allow <rule-id> <reason>' directly before it; migrations.lint=warn only logs.",
				null);
		this.violations = List.copyOf(violations);
	}

	public List<LintViolation> getViolations() {
		return this.violations;
	}

	private static String summary(List<LintViolation> violations) {
		return "Migration lint found " + violations.size() + " unsafe statement"
				+ ((violations.size() == 1) ? "" : "s") + " in pending migrations; nothing was applied";
	}

	private static Map<String, Object> context(List<LintViolation> violations) {
		Map<String, Object> context = new LinkedHashMap<>();
		for (LintViolation violation : violations) {
			String key = violation.script() + ":" + violation.line() + " " + violation.ruleId();
			String unique = key;
			for (int n = 2; context.containsKey(unique); n++) {
				unique = key + " (" + n + ")";
			}
			context.put(unique, violation.message() + " [" + violation.statement() + "]");
		}
		return context;
	}

}
