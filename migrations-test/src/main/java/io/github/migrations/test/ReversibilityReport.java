package io.github.migrations.test;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of a {@link MigrationReversibilityChecker} run: one outcome per migration, in order,
 * and the linter's findings.
 *
 * @param outcomes one per pending migration, in the order they were checked
 * @param lintFindings what the lint hook reported, empty without one
 * @param lintFails whether lint findings fail the check
 */
public record ReversibilityReport(List<MigrationOutcome> outcomes, List<String> lintFindings, boolean lintFails) {

	public ReversibilityReport {
		outcomes = List.copyOf(outcomes);
		lintFindings = List.copyOf(lintFindings);
	}

	/**
	 * Whether every migration passed or was skipped as irreversible (and, when lint findings fail
	 * the check, there were none).
	 */
	public boolean isSuccessful() {
		return failures().isEmpty() && (!this.lintFails || this.lintFindings.isEmpty());
	}

	public List<MigrationOutcome> failures() {
		return withResult(MigrationOutcome.Result.FAILED);
	}

	public List<MigrationOutcome> withResult(MigrationOutcome.Result result) {
		return this.outcomes.stream().filter((o) -> o.result() == result).toList();
	}

	/**
	 * A message for a failed check: every failed migration with what differs, then the lint
	 * findings; {@code "all N migrations are reversible"} when it passed.
	 */
	public String message() {
		if (isSuccessful()) {
			long skipped = withResult(MigrationOutcome.Result.SKIPPED_IRREVERSIBLE).size();
			return "All " + this.outcomes.size() + " migrations are reversible"
					+ ((skipped > 0) ? " (" + skipped + " irreversible, skipped)" : "");
		}
		StringBuilder message = new StringBuilder();
		for (MigrationOutcome failure : failures()) {
			message.append("Migration ").append(failure.migration()).append(": ");
			// an engine error spans lines (context, fix): indented, it stays under its migration
			String problems = ((failure.message() != null) ? failure.message() : "failed").replace("\n", "\n    ");
			if (failure.diff() != null && !failure.diff().isEmpty()
					&& problems.startsWith(MigrationReversibilityChecker.SCHEMA_NOT_RESTORED)) {
				// the differences go right under the sentence they explain, other problems after them
				message.append(MigrationReversibilityChecker.SCHEMA_NOT_RESTORED)
					.append(':')
					.append(failure.diff().lines().stream().collect(Collectors.joining("\n  ", "\n  ", "")));
				String rest = problems.substring(MigrationReversibilityChecker.SCHEMA_NOT_RESTORED.length());
				if (rest.startsWith("; ")) {
					message.append("\n  and ").append(rest.substring(2));
				}
			}
			else {
				message.append(problems);
			}
			message.append('\n');
		}
		long notRun = withResult(MigrationOutcome.Result.NOT_RUN).size();
		if (notRun > 0) {
			message.append(notRun).append(" later migration(s) not checked after this failure\n");
		}
		if (this.lintFails && !this.lintFindings.isEmpty()) {
			message.append("Lint findings:")
				.append(this.lintFindings.stream().collect(Collectors.joining("\n  ", "\n  ", "")))
				.append('\n');
		}
		return message.toString().stripTrailing();
	}

	@Override
	public String toString() {
		return message();
	}

}
