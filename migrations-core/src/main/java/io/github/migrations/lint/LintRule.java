package io.github.migrations.lint;

import java.util.List;

/**
 * One check of the linter: a message per problem it finds in a statement, what is dangerous, then
 * the safe alternative. The linter gives each rule its stable id (what a waiver names) and its
 * severity, adds file, line and statement, and applies waivers.
 */
interface LintRule {

	List<String> check(LintStatement statement);

}
