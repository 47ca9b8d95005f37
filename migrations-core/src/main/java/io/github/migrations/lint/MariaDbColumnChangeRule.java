package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code column-type-change} (ERROR, MariaDB and MySQL): {@code MODIFY [COLUMN]},
 * {@code CHANGE [COLUMN]} or {@code CONVERT TO CHARACTER SET} on a table that existed before the
 * migration, unless the statement states an algorithm other than {@code COPY} or
 * {@code LOCK=NONE}. Both restate a column's whole definition, and the linter cannot see the old
 * one: a change of data type (or of character set) copies the table with writes blocked; only some
 * changes run in place or instantly (extending a {@code VARCHAR} within its length-byte class,
 * up to 255 bytes or from 256 bytes on, and on MariaDB from at most 127 bytes to any length; a
 * rename; a new default). Stating the algorithm lets the
 * server decide: it runs those online and refuses the rest. ({@code ALTER COLUMN} only sets or
 * drops a default, or the visibility, and is not reported.)
 */
final class MariaDbColumnChangeRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		OnlineDdl online = OnlineDdl.of(statement);
		if (online.refusesCopy() || online.copy()) {
			return null;
		}
		String what;
		if (matchesAt(action, 0, "modify")) {
			what = "MODIFY COLUMN " + columnOf(action);
		}
		else if (matchesAt(action, 0, "change")) {
			what = "CHANGE COLUMN " + columnOf(action);
		}
		else if (matchesAt(action, 0, "convert", "to")) {
			return "CONVERT TO CHARACTER SET on existing table " + table + " changes the type of every text "
					+ "column: the table is copied with writes blocked. Convert column by column with expand/"
					+ "contract (a new column in the new character set, written alongside and backfilled in "
					+ "batches), or in a maintenance window or an online schema change tool.";
		}
		else {
			return null;
		}
		return what + " on existing table " + table + " restates the column's whole definition: a change of its "
				+ "data type copies the table with writes blocked. Only some changes run in place or instantly "
				+ "(extending a VARCHAR within its length-byte class, up to 255 bytes or from 256 bytes on, and "
				+ "on MariaDB from at most 127 bytes to any length; a rename; a new default). State "
				+ "ALGORITHM=INPLACE, LOCK=NONE (or ALGORITHM=INSTANT) so that the server refuses rather than "
				+ "copies; if it refuses, expand/contract: add a column of the new type, "
				+ "write both and backfill in batches, move readers, drop the old column in a later release.";
	}

}
