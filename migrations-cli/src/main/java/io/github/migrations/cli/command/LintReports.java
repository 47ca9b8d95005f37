package io.github.migrations.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.Severity;

/**
 * The lint findings as text, GitHub workflow commands or SARIF.
 */
final class LintReports {

	private LintReports() {
	}

	static String text(List<LintViolation> violations, int files) {
		StringBuilder text = new StringBuilder();
		violations.forEach((violation) -> text.append(violation.describe()).append('\n'));
		long failing = violations.stream().filter((v) -> v.severity().failsRun()).count();
		text.append(files).append(files == 1 ? " file, " : " files, ").append(violations.size())
			.append(violations.size() == 1 ? " finding" : " findings").append(", ").append(failing)
			.append(" failing (ERROR or WARNING)\n");
		return text.toString();
	}

	/**
	 * One workflow command per finding; GitHub turns them into annotations on the file and line.
	 */
	static String github(List<LintViolation> violations) {
		StringBuilder text = new StringBuilder();
		for (LintViolation violation : violations) {
			text.append("::").append(level(violation.severity())).append(" file=")
				.append(property(violation.script())).append(",line=").append(violation.line()).append(",title=")
				.append(property(violation.ruleId() + " (" + violation.severity() + ")")).append("::")
				.append(data(violation.message()))
				.append('\n');
		}
		return text.toString();
	}

	private static String level(Severity severity) {
		return switch (severity) {
			case ERROR -> "error";
			case WARNING -> "warning";
			case ADVICE -> "notice";
		};
	}

	// GitHub's escaping of workflow command values
	private static String data(String value) {
		return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
	}

	private static String property(String value) {
		return data(value).replace(":", "%3A").replace(",", "%2C");
	}

	static String sarif(List<LintViolation> violations, List<String> ruleIds) {
		List<Object> rules = ruleIds.stream().map((id) -> (Object) Map.of("id", id)).toList();
		List<Object> results = violations.stream().map((v) -> (Object) sarifResult(v)).toList();
		Map<String, Object> driver = new LinkedHashMap<>();
		driver.put("name", "migrations-lint");
		driver.put("informationUri", "https://github.com/migrations/migrations");
		driver.put("rules", rules);
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("tool", Map.of("driver", driver));
		run.put("results", results);
		Map<String, Object> sarif = new LinkedHashMap<>();
		sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
		sarif.put("version", "2.1.0");
		sarif.put("runs", List.of(run));
		return Json.write(sarif);
	}

	private static Map<String, Object> sarifResult(LintViolation violation) {
		Map<String, Object> region = Map.of("startLine", violation.line());
		Map<String, Object> physical = new LinkedHashMap<>();
		physical.put("artifactLocation", Map.of("uri", violation.script()));
		physical.put("region", region);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("ruleId", violation.ruleId());
		result.put("level", switch (violation.severity()) {
			case ERROR -> "error";
			case WARNING -> "warning";
			case ADVICE -> "note";
		});
		result.put("message", Map.of("text", violation.message()));
		result.put("locations", List.of(Map.of("physicalLocation", physical)));
		return result;
	}

}
