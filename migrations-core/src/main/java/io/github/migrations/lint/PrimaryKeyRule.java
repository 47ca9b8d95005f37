package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code primary-key} (ERROR, MariaDB and MySQL): {@code ADD [CONSTRAINT [name]] PRIMARY KEY}, or
 * {@code DROP PRIMARY KEY} without adding another in the same statement, on a table that existed
 * before the migration, unless the statement states an algorithm other than {@code COPY} or
 * {@code LOCK=NONE}. InnoDB stores the rows in primary-key order, so either rebuilds the whole
 * table; without the clauses the server may pick a copy that blocks writes (it must when a primary
 * key is only dropped, and MySQL does when a column has to become {@code NOT NULL} first).
 */
final class PrimaryKeyRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		OnlineDdl online = OnlineDdl.of(statement);
		if (online.refusesCopy() || online.copy()) {
			return null;
		}
		if ("primary".equals(OnlineDdl.addedKind(action))) {
			return "ADD PRIMARY KEY on existing table " + table + " rebuilds the table (InnoDB keeps rows in "
					+ "primary-key order), and the server may do it as a copy that blocks writes. State "
					+ "ALGORITHM=INPLACE, LOCK=NONE: the server then rebuilds with writes going on, or refuses. On a "
					+ "large table the rebuild still costs time, I/O and replica lag: give new tables their primary "
					+ "key in CREATE TABLE.";
		}
		if (matchesAt(action, 0, "drop", "primary", "key") && !addsPrimaryKey(statement)) {
			return "DROP PRIMARY KEY on existing table " + table + " without adding another in the same statement "
					+ "can only copy the table, blocking writes. Drop and add in one statement: DROP PRIMARY KEY, "
					+ "ADD PRIMARY KEY (...), ALGORITHM=INPLACE, LOCK=NONE.";
		}
		return null;
	}

	private static boolean addsPrimaryKey(LintStatement statement) {
		LintStatement.AlterTable alter = statement.alterTable();
		return alter != null
				&& alter.actions().stream().anyMatch((action) -> "primary".equals(OnlineDdl.addedKind(action)));
	}

}
