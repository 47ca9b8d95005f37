package io.github.migrations.lint;

import java.util.List;

/**
 * One check of the linter. Each rule has a stable id (what a waiver names) and one severity, and
 * returns a message per problem it finds in a statement: what is dangerous, then the safe
 * alternative. The linter adds file, line and statement and applies waivers.
 */
interface LintRule {

	String id();

	Severity severity();

	List<String> check(LintStatement statement);

}
