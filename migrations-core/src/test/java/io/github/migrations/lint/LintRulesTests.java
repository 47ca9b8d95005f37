package io.github.migrations.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule against the cases in {@code lint/rule-cases.txt}: positive cases must be reported on
 * their last statement (or the one marked), negative ones not at all.
 */
class LintRulesTests {

	private static final MigrationLinter linter = MigrationLinter.postgres();

	static List<Case> cases() {
		return Case.read("/lint/rule-cases.txt");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void reportsPositiveCasesOnTheirReportedStatementAndNegativeCasesNotAtAll(Case testCase) {
		List<LintViolation> found = linter.lint("case.sql", testCase.content())
			.stream()
			.filter((v) -> v.ruleId().equals(testCase.ruleId()))
			.toList();
		if (testCase.positive()) {
			assertThat(found).as("violations of %s", testCase.ruleId()).isNotEmpty();
			assertThat(found).extracting(LintViolation::line).containsOnly(testCase.reportedLine());
			assertThat(found).allSatisfy((v) -> {
				assertThat(v.script()).isEqualTo("case.sql");
				assertThat(v.message()).hasSizeGreaterThan(60);
				assertThat(v.statement()).isNotBlank();
			});
		}
		else {
			assertThat(found).as("violations of %s", testCase.ruleId()).isEmpty();
		}
	}

	static List<Case> positiveCases() {
		return cases().stream().filter(Case::positive).toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("positiveCases")
	void aWaiverNamingTheRuleWithAReasonSilencesEveryPositiveCase(Case testCase) {
		List<String> lines = new ArrayList<>(List.of(testCase.content().split("\n", -1)));
		lines.add(testCase.reportedLine() - 1,
				"-- migrations:allow " + testCase.ruleId() + " a reason the linter cannot see");
		List<LintViolation> found = linter.lint("case.sql", String.join("\n", lines));
		assertThat(found).extracting(LintViolation::ruleId)
			.doesNotContain(testCase.ruleId(), MigrationLinter.WAIVER_WITHOUT_REASON, MigrationLinter.UNKNOWN_WAIVER);
	}

	@Test
	void everyRuleHasAtLeastThreePositiveAndTwoNegativeCases() {
		Map<String, int[]> counts = counts();
		assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(linter.ruleIds());
		assertThat(counts).allSatisfy((rule, count) -> {
			assertThat(count[0]).as("positive cases of %s", rule).isGreaterThanOrEqualTo(3);
			assertThat(count[1]).as("negative cases of %s", rule).isGreaterThanOrEqualTo(2);
		});
	}

	@Test
	void severitiesAreTheDocumentedOnes() {
		Map<String, Severity> expected = Map.ofEntries(Map.entry("index-not-concurrent", Severity.ERROR),
				Map.entry("concurrently-in-transaction", Severity.ERROR),
				Map.entry("constraint-not-valid", Severity.ERROR),
				Map.entry("validate-same-transaction", Severity.ERROR), Map.entry("set-not-null", Severity.ERROR),
				Map.entry("volatile-default", Severity.ERROR), Map.entry("column-type-change", Severity.ERROR),
				Map.entry("unique-constraint", Severity.ERROR), Map.entry("rename", Severity.WARNING),
				Map.entry("drop", Severity.WARNING), Map.entry("unbatched-dml", Severity.WARNING),
				Map.entry("missing-if-not-exists", Severity.WARNING), Map.entry("prefer-jsonb", Severity.ADVICE),
				Map.entry("prefer-timestamptz", Severity.ADVICE), Map.entry("prefer-bigint-pk", Severity.ADVICE),
				Map.entry("prefer-text", Severity.ADVICE), Map.entry("required-column", Severity.ERROR),
				Map.entry("enum-value-in-transaction", Severity.ERROR), Map.entry("transaction-control", Severity.ERROR),
				Map.entry("truncate-cascade", Severity.ERROR), Map.entry("drop-database", Severity.ERROR),
				Map.entry("vacuum-full-or-cluster", Severity.ERROR),
				Map.entry("detach-partition-not-concurrent", Severity.ERROR),
				Map.entry("drop-not-null", Severity.WARNING), Map.entry("identifier-too-long", Severity.WARNING),
				Map.entry("char-column", Severity.ADVICE));
		Map<String, Severity> actual = new TreeMap<>();
		for (Case testCase : cases()) {
			if (testCase.positive()) {
				linter.lint("case.sql", testCase.content())
					.stream()
					.filter((v) -> v.ruleId().equals(testCase.ruleId()))
					.forEach((v) -> actual.put(v.ruleId(), v.severity()));
			}
		}
		assertThat(actual).isEqualTo(new TreeMap<>(expected));
	}

	/**
	 * Positive and negative case counts per rule, printed for the report.
	 */
	static Map<String, int[]> counts() {
		Map<String, int[]> counts = new TreeMap<>();
		for (Case testCase : cases()) {
			counts.computeIfAbsent(testCase.ruleId(), (k) -> new int[2])[testCase.positive() ? 0 : 1]++;
		}
		System.out.println(counts.entrySet()
			.stream()
			.map((e) -> e.getKey() + " +" + e.getValue()[0] + " -" + e.getValue()[1])
			.collect(Collectors.joining("\n")));
		return counts;
	}

	record Case(String ruleId, boolean positive, String name, String content) {

		static final String REPORTED_HERE = "-- (reported here)";

		static List<Case> read(String resource) {
			String text;
			try (InputStream in = LintRulesTests.class.getResourceAsStream(resource)) {
				text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			List<Case> cases = new ArrayList<>();
			String header = null;
			StringBuilder body = new StringBuilder();
			for (String line : (text + "\n### end").split("\n")) {
				if (line.startsWith("### ")) {
					if (header != null) {
						String[] parts = header.split(" ", 3);
						String content = body.toString().strip() + "\n";
						if (!content.contains("-- +migrate")) {
							content = "-- +migrate Up\n" + content;
						}
						cases.add(new Case(parts[0], parts[1].equals("+"), parts[2], content));
					}
					header = line.substring(4);
					body.setLength(0);
				}
				else if (header != null) {
					body.append(line).append('\n');
				}
			}
			return cases;
		}

		/**
		 * The line of the statement a positive case is reported on: the one below a
		 * {@value #REPORTED_HERE} line, else the last one.
		 */
		int reportedLine() {
			var sections = MigrationParser.sections("case.sql", this.content);
			List<SqlStatement> statements = new MigrationParser(new StatementSplitter(PostgresDialect.LEXICAL_RULES))
				.statements("case.sql", sections.up());
			List<String> lines = List.of(this.content.split("\n", -1));
			int marker = lines.indexOf(REPORTED_HERE) + 1;
			return statements.stream()
				.filter((s) -> marker > 0 && s.line() > marker)
				.findFirst()
				.orElse(statements.get(statements.size() - 1))
				.line();
		}

		@Override
		public String toString() {
			return this.ruleId + (this.positive ? " + " : " - ") + this.name;
		}

	}

}
