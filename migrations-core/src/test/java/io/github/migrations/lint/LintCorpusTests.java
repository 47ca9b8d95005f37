package io.github.migrations.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The linter's corpus ({@code lint/corpus}): two migrations that hold every hazard the PostgreSQL
 * rules know next to its safe spellings, each statement annotated with the findings it must have
 * ({@code -- expect: rule-id ...} on the line above; none means clean). The linter, all rules on,
 * must find exactly those: no false negative, no false positive.
 */
class LintCorpusTests {

	private static final String LOCATION = "classpath:lint/corpus";

	private static final List<String> FILES = List.of("20240101000000_every_hazard.sql",
			"20240102000000_notransaction.sql");

	private static final String EXPECT = "-- expect:";

	private final MigrationLinter linter = MigrationLinter.postgres();

	@Test
	void findsExactlyTheExpectedFindingsOfTheCorpus() {
		Set<String> expected = new TreeSet<>();
		for (String file : FILES) {
			expected.addAll(expected(file));
		}
		Set<String> found = new TreeSet<>();
		for (LintViolation violation : this.linter.lintLocations(List.of(LOCATION))) {
			String script = violation.script();
			found.add(script.substring(script.lastIndexOf('/') + 1) + ":" + violation.line() + " "
					+ violation.ruleId());
		}
		assertThat(found).as("findings (file:line rule)").containsExactlyElementsOf(expected);
	}

	@Test
	void theCorpusHoldsEveryRuleAndMoreSafeStatementsThanHazards() {
		Set<String> rules = new TreeSet<>();
		int hazards = 0;
		int statements = 0;
		for (String file : FILES) {
			List<String> findings = expected(file);
			hazards += (int) findings.stream().map((f) -> f.substring(0, f.indexOf(' '))).distinct().count();
			findings.forEach((f) -> rules.add(f.substring(f.indexOf(' ') + 1)));
			statements += statements(file).size();
		}
		assertThat(rules).containsExactlyInAnyOrderElementsOf(this.linter.ruleIds());
		assertThat(statements - hazards).as("clean statements").isGreaterThan(hazards);
	}

	/**
	 * The findings the file's annotations expect, as {@code file:line rule-id}: each annotation
	 * names the findings of the first statement below it.
	 */
	private static List<String> expected(String file) {
		String[] lines = read(file).split("\n", -1);
		List<SqlStatement> statements = statements(file);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < lines.length; i++) {
			if (!lines[i].startsWith(EXPECT)) {
				continue;
			}
			int annotationLine = i + 1;
			SqlStatement next = statements.stream()
				.filter((s) -> s.line() > annotationLine)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(file + ":" + annotationLine + " expects nothing below"));
			for (String rule : lines[i].substring(EXPECT.length()).strip().split("\\s+")) {
				expected.add(file + ":" + next.line() + " " + rule);
			}
		}
		return expected;
	}

	private static List<SqlStatement> statements(String file) {
		return new MigrationParser(new StatementSplitter(PostgresDialect.LEXICAL_RULES)).statements(file,
				MigrationParser.sections(file, read(file)).up());
	}

	private static String read(String file) {
		try (InputStream in = LintCorpusTests.class.getResourceAsStream("/lint/corpus/" + file)) {
			assertThat(in).as(file).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
