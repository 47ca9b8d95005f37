package io.github.migrations.lint;

import java.util.List;
import java.util.Set;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code constraint-not-valid} (ERROR): {@code ALTER TABLE ... ADD FOREIGN KEY} or {@code ADD CHECK}
 * without {@code NOT VALID} on a table that existed before the migration. PostgreSQL checks every
 * row while holding the lock of the {@code ALTER TABLE} (ACCESS EXCLUSIVE for a check; SHARE ROW
 * EXCLUSIVE on both tables for a foreign key), so writes wait for the whole scan.
 */
final class ConstraintNotValidRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		String what = unsafeAdd(action, Set.of("foreign", "check"), "not", "valid");
		return (what == null) ? null : "ADD " + what + " on existing table " + table
				+ " checks every row while holding a lock that blocks writes. Add it with NOT VALID (only new "
				+ "rows are checked, the lock is brief), then run ALTER TABLE ... VALIDATE CONSTRAINT in a "
				+ "later migration (it lets reads and writes go on).";
	}

}
