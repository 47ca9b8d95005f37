package io.github.migrations.lint;

/**
 * One finding of the linter.
 *
 * @param script the file (its location as discovered, or the name given to the linter)
 * @param line the 1-based file line where the statement starts
 * @param ruleId the rule's stable id, e.g. {@code index-not-concurrent}; it is what a waiver names
 * @param severity how bad it is
 * @param message what is dangerous and the safe alternative
 * @param statement the start of the statement, whitespace collapsed
 */
public record LintViolation(String script, int line, String ruleId, Severity severity, String message,
		String statement) {

	/**
	 * One line: {@code file:line rule-id (SEVERITY) message [statement]}.
	 */
	public String describe() {
		return this.script + ":" + this.line + " " + this.ruleId + " (" + this.severity + ") " + this.message + " ["
				+ this.statement + "]";
	}

}
