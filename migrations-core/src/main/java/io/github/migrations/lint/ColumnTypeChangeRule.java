package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code column-type-change} (ERROR): {@code ALTER COLUMN ... TYPE} on a table that existed before
 * the migration. Unless old and new type are binary-compatible, PostgreSQL rewrites the table and
 * rebuilds its indexes under an ACCESS EXCLUSIVE lock. A change to {@code text} or to unbounded
 * {@code varchar} is taken as the known-safe widening and not reported.
 */
final class ColumnTypeChangeRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "alter")) {
			return null;
		}
		int type = typeKeyword(action);
		if (type < 0 || isWidening(action, type + 1)) {
			return null;
		}
		return "ALTER COLUMN " + columnOf(action) + " TYPE on existing table " + table
				+ " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (reads and writes wait). "
				+ "Expand/contract instead: add a column of the new type, write both and backfill in batches, "
				+ "move readers, drop the old column in a later release. (A binary-compatible change such as "
				+ "widening varchar(n) does not rewrite: waive with that reason.)";
	}

	/**
	 * Where {@code TYPE} is in {@code ALTER [COLUMN] name [SET DATA] TYPE ...}, or -1 (a column may
	 * itself be called {@code type}).
	 */
	private static int typeKeyword(List<Token> action) {
		int i = matchesAt(action, 1, "column") ? 3 : 2;
		if (matchesAt(action, i, "set", "data")) {
			i += 2;
		}
		return matchesAt(action, i, "type") ? i : -1;
	}

	private static boolean isWidening(List<Token> action, int typeAt) {
		int after = matchesAt(action, typeAt, "text") ? typeAt + 1 : PreferTextRule.afterVarchar(action, typeAt);
		if (after < 0) {
			return false;
		}
		// varchar(n) may shrink, and USING means a conversion: both can rewrite.
		return after >= action.size() || (!action.get(after).isSymbol("(") && !action.get(after).is("using"));
	}

}
