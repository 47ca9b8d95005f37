package io.github.migrations.lint;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.migrations.dialect.mariadb.MariaDbLexicalRules;
import io.github.migrations.lint.LintRulesTests.Case;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MariaDB/MySQL rule ({@link MigrationLinter#mariadb()}) against the cases in
 * {@code lint/mariadb-rule-cases.txt}: positive cases must be reported on their last statement,
 * negative ones not at all. Offline: what the server does with them is
 * {@link LintRulesMariaDbTests}'s.
 */
class MariaDbLintRulesTests {

	private static final MigrationLinter linter = MigrationLinter.mariadb();

	static List<Case> cases() {
		return Case.read("/lint/mariadb-rule-cases.txt");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void reportsPositiveCasesOnTheirLastStatementAndNegativeCasesNotAtAll(Case testCase) {
		List<LintViolation> found = linter.lint("case.sql", testCase.content())
			.stream()
			.filter((v) -> v.ruleId().equals(testCase.ruleId()))
			.toList();
		if (testCase.positive()) {
			assertThat(found).as("violations of %s", testCase.ruleId()).isNotEmpty();
			assertThat(found).extracting(LintViolation::line).containsOnly(lastStatementLine(testCase));
			assertThat(found).allSatisfy((v) -> {
				assertThat(v.message()).hasSizeGreaterThan(60).doesNotContain("null");
				assertThat(v.statement()).isNotBlank();
			});
		}
		else {
			assertThat(found).as("violations of %s", testCase.ruleId()).isEmpty();
		}
	}

	@Test
	void everyRuleHasAtLeastThreePositiveAndTwoNegativeCases() {
		Map<String, int[]> counts = new TreeMap<>();
		for (Case testCase : cases()) {
			counts.computeIfAbsent(testCase.ruleId(), (k) -> new int[2])[testCase.positive() ? 0 : 1]++;
		}
		assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(linter.ruleIds());
		assertThat(counts).allSatisfy((rule, count) -> {
			assertThat(count[0]).as("positive cases of %s", rule).isGreaterThanOrEqualTo(3);
			assertThat(count[1]).as("negative cases of %s", rule).isGreaterThanOrEqualTo(2);
		});
	}

	@Test
	void severitiesAreTheDocumentedOnes() {
		Map<String, Severity> expected = Map.ofEntries(Map.entry("algorithm-copy", Severity.ERROR),
				Map.entry("lock-not-none", Severity.ERROR), Map.entry("column-type-change", Severity.ERROR),
				Map.entry("primary-key", Severity.ERROR), Map.entry("add-foreign-key", Severity.ERROR),
				Map.entry("optimize-table", Severity.ERROR), Map.entry("add-column-not-instant", Severity.ERROR),
				Map.entry("index-not-online", Severity.WARNING), Map.entry("rename", Severity.WARNING),
				Map.entry("drop", Severity.WARNING), Map.entry("unbatched-dml", Severity.WARNING),
				Map.entry("alter-ignore-unique", Severity.ERROR));
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

	private static int lastStatementLine(Case testCase) {
		var sections = MigrationParser.sections("case.sql", testCase.content());
		List<SqlStatement> statements = new MigrationParser(new StatementSplitter(MariaDbLexicalRules.DEFAULT))
			.statements("case.sql", sections.up());
		return statements.get(statements.size() - 1).line();
	}

}
