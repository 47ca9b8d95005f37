package io.github.migrations;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validation found problems (edited or missing migrations, out-of-order files, duplicate
 * versions, a dirty database) before anything was changed. Every problem is listed.
 */
public class MigrationValidationException extends MigrationException {

	private final List<ValidationProblem> problems;

	public MigrationValidationException(List<ValidationProblem> problems) {
		super(summary(problems), Map.of(), actions(problems), null);
		this.problems = List.copyOf(problems);
	}

	public List<ValidationProblem> getProblems() {
		return this.problems;
	}

	private static String summary(List<ValidationProblem> problems) {
		String head = (problems.size() == 1) ? "Migration validation failed: "
				: "Migration validation failed with " + problems.size() + " problems: ";
		return head + problems.stream().map(ValidationProblem::describe).collect(Collectors.joining("; "));
	}

	private static String actions(List<ValidationProblem> problems) {
		return problems.stream().map(ValidationProblem::action).distinct().collect(Collectors.joining(" "));
	}

}
