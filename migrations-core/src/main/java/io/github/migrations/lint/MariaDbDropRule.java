package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code drop} (WARNING, MariaDB and MySQL): as {@link DropRule}, in MariaDB's and MySQL's
 * spellings: {@code DROP TABLE}, {@code ALTER TABLE ... DROP [COLUMN] [IF EXISTS] name} and
 * {@code DROP PARTITION} (its rows are gone too). Dropping an index, key, primary or foreign key,
 * check or constraint is not reported here.
 */
final class MariaDbDropRule extends AlterTableRule {

	private static final List<String> NOT_DATA = List.of("index", "key", "primary", "foreign", "check", "constraint",
			"period", "system", "default");

	private final DropRule tables = new DropRule();

	@Override
	public List<String> check(LintStatement statement) {
		return statement.startsWith("drop", "table") ? this.tables.check(statement) : super.check(statement);
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "drop") || action.size() < 2) {
			return null;
		}
		for (String word : NOT_DATA) {
			if (action.get(1).is(word)) {
				return null;
			}
		}
		if (action.get(1).is("partition")) {
			return DropRule.message("partition " + nameAt(action, 2) + " of table " + table);
		}
		return DropRule.message("column " + table + "." + columnOf(action));
	}

}
