package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.has;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code detach-partition-not-concurrent} (ERROR): {@code ALTER TABLE parent DETACH PARTITION p}
 * without {@code CONCURRENTLY} on a partitioned table that existed before the migration. It takes
 * an ACCESS EXCLUSIVE lock on the parent, so it waits for every query on any partition and every
 * query queues behind it. {@code CONCURRENTLY} (PostgreSQL 14+) takes SHARE UPDATE EXCLUSIVE.
 */
final class DetachPartitionRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!matchesAt(action, 0, "detach", "partition") || has(action, "concurrently") || has(action, "finalize")) {
			return null;
		}
		return "DETACH PARTITION " + nameAt(action, 2) + " takes an ACCESS EXCLUSIVE lock on " + table
				+ ": it waits for every query on the partitioned table, and every query waits behind it. Use DETACH "
				+ "PARTITION ... CONCURRENTLY (PostgreSQL 14+) in a migration whose Up marker is "
				+ "'-- +migrate Up notransaction'.";
	}

}
