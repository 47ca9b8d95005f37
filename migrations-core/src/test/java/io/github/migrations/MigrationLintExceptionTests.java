package io.github.migrations;

import java.util.List;

import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationLintException}: every violation is in the message, even several of
 * one rule on one line.
 */
class MigrationLintExceptionTests {

	@Test
	void listsEveryViolationWithFileLineRuleAndFix() {
		MigrationLintException ex = new MigrationLintException(List.of(
				new LintViolation("V1__a.sql", 3, "volatile-default", Severity.ERROR, "first column rewrite", "ALTER"),
				new LintViolation("V1__a.sql", 3, "volatile-default", Severity.ERROR, "second column rewrite",
						"ALTER"),
				new LintViolation("V2__b.sql", 7, "drop", Severity.WARNING, "drop it later", "DROP TABLE x")));
		assertThat(ex.getSummary()).isEqualTo("Migration lint found 3 unsafe statements in pending migrations; "
				+ "nothing was applied");
		assertThat(ex.getContext()).containsExactly(
				org.assertj.core.api.Assertions.entry("V1__a.sql:3 volatile-default", "first column rewrite [ALTER]"),
				org.assertj.core.api.Assertions.entry("V1__a.sql:3 volatile-default (2)",
						"second column rewrite [ALTER]"),
				org.assertj.core.api.Assertions.entry("V2__b.sql:7 drop", "drop it later [DROP TABLE x]"));
		assertThat(ex.getAction()).contains("-- migrations:allow <rule-id> <reason>");
		assertThat(ex.getViolations()).hasSize(3);
		assertThat(ex).isInstanceOf(MigrationException.class);
	}

}
