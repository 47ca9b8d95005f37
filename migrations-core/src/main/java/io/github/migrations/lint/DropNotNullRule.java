package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code drop-not-null} (WARNING): {@code ALTER [COLUMN] name DROP NOT NULL} on a table that
 * existed before the migration. The change itself is instant, but once the new release writes
 * NULLs, the release still running (during a rolling deploy, or after a rollback of the
 * application) reads values it was promised never to see.
 */
final class DropNotNullRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		int after = matchesAt(action, 1, "column") ? 3 : 2;
		if (!matchesAt(action, 0, "alter") || !matchesAt(action, after, "drop", "not", "null")) {
			return null;
		}
		return "DROP NOT NULL on " + table + "." + columnOf(action)
				+ " lets the new release write NULLs that the release still running (or rolled back to) does not "
				+ "expect. Drop it only once no running release relies on the column being set, and say so in a "
				+ "waiver: '-- migrations:allow drop-not-null <why nothing relies on it>'.";
	}

}
