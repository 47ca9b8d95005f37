package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code column-type-change} (ERROR): {@code ALTER [COLUMN] name [SET DATA] TYPE ...} on a table
 * that existed before the migration. Unless old and new type are binary-coercible, PostgreSQL
 * rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock. Whether they are
 * depends on the old type, which a migration does not say ({@code numeric} to {@code varchar}
 * rewrites, {@code varchar(20)} to {@code varchar} does not), so every change is reported; a
 * change known to be binary-coercible is waived with that reason.
 */
final class ColumnTypeChangeRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "alter") || typeKeyword(action) < 0) {
			return null;
		}
		return "ALTER COLUMN " + columnOf(action) + " TYPE on existing table " + table
				+ " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (reads and writes wait) "
				+ "unless the old type converts without one. Expand/contract instead: add a column of the new type, "
				+ "write both and backfill in batches, move readers, drop the old column in a later release. (A "
				+ "binary-coercible change such as varchar(n) to text or to a longer varchar does not rewrite: "
				+ "waive it with that reason.)";
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

}
