package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code alter-ignore-unique} (ERROR, MariaDB and MySQL): MariaDB's {@code ALTER [ONLINE] IGNORE
 * TABLE} adding a unique key: {@code ADD UNIQUE}, {@code ADD [CONSTRAINT [name]] UNIQUE},
 * {@code ADD PRIMARY KEY}, or a column added or redefined with {@code UNIQUE} or
 * {@code PRIMARY KEY}. With {@code IGNORE} the server does not fail on rows that duplicate an
 * earlier one on the new key: it deletes them, keeping the first, and says only how many
 * (a warning count nobody reads in a migration). Data loss, so an error like the other rules of
 * that kind; on a table created in the same migration too, since it may have been filled there.
 * (MySQL removed {@code IGNORE} from {@code ALTER TABLE} in 5.7 and refuses the statement.)
 */
final class AlterIgnoreUniqueRule extends AlterTableRule {

	@Override
	boolean applies(LintStatement statement, String table) {
		return statement.alterIgnore();
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!addsUniqueKey(action)) {
			return null;
		}
		return "ALTER IGNORE TABLE " + table + " with a unique key silently deletes every row that duplicates an "
				+ "earlier one on the new key (MariaDB keeps the first and reports only a count; MySQL refuses "
				+ "IGNORE here). Deduplicate first (find them with SELECT <key columns>, COUNT(*) FROM " + table
				+ " GROUP BY <key columns> HAVING COUNT(*) > 1, then merge or delete them on purpose), then add "
				+ "the unique index without IGNORE: if duplicates remain it fails, and deletes nothing.";
	}

	private static boolean addsUniqueKey(List<Token> action) {
		String kind = OnlineDdl.addedKind(action);
		if ("unique".equals(kind) || "primary".equals(kind)) {
			return true;
		}
		if (kind != null || !(matchesAt(action, 0, "add") || matchesAt(action, 0, "modify")
				|| matchesAt(action, 0, "change"))) {
			return false;
		}
		// a column defined with UNIQUE [KEY] or PRIMARY KEY inline
		return OnlineDdl.has(action, "unique") || LintStatement.indexOf(action, 0, "primary", "key") >= 0;
	}

}
