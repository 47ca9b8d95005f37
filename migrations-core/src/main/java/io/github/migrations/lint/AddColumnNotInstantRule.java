package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.indexOf;

/**
 * {@code add-column-not-instant} (ERROR, MariaDB and MySQL): {@code ADD COLUMN} on a table that
 * existed before the migration, of a kind the server cannot add instantly, unless the statement
 * states {@code ALGORITHM=INSTANT} or {@code LOCK=NONE} (the server then adds it without blocking
 * writes or refuses). A column added at the end is instant from MariaDB 10.3 and MySQL 8.0.12 and
 * is not reported. Reported:
 * <ul>
 * <li>an {@code AUTO_INCREMENT} column: every row gets a value, the table is copied with writes
 * blocked (the server refuses {@code LOCK=NONE});</li>
 * <li>a {@code STORED} ({@code PERSISTENT}) generated column: computed for every row, a copy;</li>
 * <li>a column placed with {@code FIRST} or {@code AFTER}: instant from MariaDB 10.4 and MySQL
 * 8.0.29 on, a rebuild of the whole table on MySQL 8.0.12 to 8.0.28.</li>
 * </ul>
 */
final class AddColumnNotInstantRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!OnlineDdl.isAddColumn(action)) {
			return null;
		}
		OnlineDdl online = OnlineDdl.of(statement);
		if (online.refusesBlocking() || online.copy()) {
			return null;
		}
		String column = columnOf(action);
		String what = ((column != null) ? "ADD COLUMN " + column : "ADD COLUMN (...)") + " on existing table " + table;
		if (OnlineDdl.mentions(action, "auto_increment")) {
			return what + " is an AUTO_INCREMENT column: every row gets a value, so the table is copied with writes "
					+ "blocked (LOCK=NONE is refused). Add the column without AUTO_INCREMENT and fill it in batches, or "
					+ "create a new table and move the rows over.";
		}
		if (OnlineDdl.mentions(action, "stored") || OnlineDdl.mentions(action, "persistent")) {
			return what + " is a STORED generated column: it is computed for every row, so the table is copied with "
					+ "writes blocked. Add it VIRTUAL (instant; index it if it is searched), or add a plain column "
					+ "and backfill it in batches.";
		}
		if (indexOf(action, 3, "first") >= 0 || indexOf(action, 3, "after") >= 0) {
			return what + " places the column with FIRST/AFTER: instant on MariaDB 10.4+ and MySQL 8.0.29+, but "
					+ "MySQL 8.0.12 to 8.0.28 rebuild the whole table for it. State ALGORITHM=INSTANT so that the "
					+ "server adds it instantly or refuses, or add the column at the end (column order is cosmetic).";
		}
		return null;
	}

}
