package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code required-column} (ERROR): {@code ADD [COLUMN] name type NOT NULL} without a
 * {@code DEFAULT} (and not generated, identity or serial) on a table that existed before the
 * migration. PostgreSQL refuses it on a table with any row (the new column would be NULL
 * everywhere); on an empty one it succeeds, and then every insert of the release still running,
 * which does not know the column, fails.
 */
final class RequiredColumnRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		AddedColumn column = AddedColumn.of(action);
		if (column == null || !column.notNull() || column.fillsExistingRows()) {
			return null;
		}
		return "ADD COLUMN " + column.name() + " NOT NULL without a DEFAULT on existing table " + table
				+ " fails on a table with any row, and on an empty one makes every insert of the release still "
				+ "running fail. Add it with a constant DEFAULT (instant since PostgreSQL 11), or add it nullable, "
				+ "backfill in batches and set NOT NULL through a validated CHECK (see set-not-null).";
	}

}
