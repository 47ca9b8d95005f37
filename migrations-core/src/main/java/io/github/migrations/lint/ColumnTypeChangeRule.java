package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code column-type-change} (ERROR): {@code ALTER COLUMN ... TYPE} on a table that existed before
 * the migration. Unless old and new type are binary-compatible, PostgreSQL rewrites the table and
 * rebuilds its indexes under an ACCESS EXCLUSIVE lock. A change to {@code text} or to unbounded
 * {@code varchar} is taken as the known-safe widening and not reported.
 */
final class ColumnTypeChangeRule implements LintRule {

	@Override
	public String id() {
		return "column-type-change";
	}

	@Override
	public Severity severity() {
		return Severity.ERROR;
	}

	@Override
	public List<String> check(LintStatement statement) {
		LintStatement.AlterTable alter = statement.alterTable();
		if (alter == null || statement.isNewTable(alter.table())) {
			return List.of();
		}
		List<String> messages = new ArrayList<>();
		for (List<Token> action : alter.actions()) {
			if (!matchesAt(action, 0, "alter")) {
				continue;
			}
			int type = typeKeyword(action);
			if (type < 0 || isWidening(action, type + 1)) {
				continue;
			}
			messages.add("ALTER COLUMN " + columnOf(action) + " TYPE on existing table " + alter.table()
					+ " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (reads and writes wait). "
					+ "Expand/contract instead: add a column of the new type, write both and backfill in batches, "
					+ "move readers, drop the old column in a later release. (A binary-compatible change such as "
					+ "widening varchar(n) does not rewrite: waive with that reason.)");
		}
		return messages;
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
		int after;
		if (matchesAt(action, typeAt, "text")) {
			after = typeAt + 1;
		}
		else if (matchesAt(action, typeAt, "varchar")) {
			after = typeAt + 1;
		}
		else if (matchesAt(action, typeAt, "character", "varying")) {
			after = typeAt + 2;
		}
		else {
			return false;
		}
		// varchar(n) may shrink, and USING means a conversion: both can rewrite.
		return after >= action.size() || (!action.get(after).isSymbol("(") && !action.get(after).is("using"));
	}

}
