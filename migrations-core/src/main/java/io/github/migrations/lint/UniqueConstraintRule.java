package io.github.migrations.lint;

import java.util.List;
import java.util.Set;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code unique-constraint} (ERROR): {@code ADD UNIQUE} or {@code ADD PRIMARY KEY} without
 * {@code USING INDEX} on a table that existed before the migration builds the index under the
 * {@code ALTER TABLE}'s ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.
 */
final class UniqueConstraintRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		String what = unsafeAdd(action, Set.of("unique", "primary"), "using", "index");
		return (what == null) ? null : "ADD " + what + " on existing table " + table
				+ " builds its index while reads and writes wait. Build the index first with CREATE UNIQUE INDEX "
				+ "CONCURRENTLY in a '-- +migrate Up notransaction' migration, then ALTER TABLE " + table
				+ " ADD CONSTRAINT ... " + what + " USING INDEX ... (instant).";
	}

}
