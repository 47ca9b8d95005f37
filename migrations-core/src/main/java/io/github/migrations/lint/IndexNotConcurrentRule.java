package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.indexOf;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code index-not-concurrent} (ERROR): {@code CREATE INDEX}, {@code DROP INDEX} or
 * {@code REINDEX} without {@code CONCURRENTLY} on a table that existed before the migration. A plain
 * {@code CREATE INDEX} holds a SHARE lock (no writes) for the whole build, {@code DROP INDEX} and
 * {@code REINDEX} an ACCESS EXCLUSIVE or SHARE lock: on a table of any size that is an outage of
 * the writes. Indexes on tables created in the same migration, and {@code CREATE INDEX ON ONLY}
 * a partitioned parent (which cannot be concurrent and is cheap), are fine.
 */
final class IndexNotConcurrentRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		int i = statement.indexAfterCreateIndex();
		if (i >= 0) {
			if (matchesAt(tokens, i, "concurrently")) {
				return List.of();
			}
			int on = indexOf(tokens, i, "on");
			if (on < 0 || matchesAt(tokens, on + 1, "only")) {
				return List.of();
			}
			String table = nameAt(tokens, on + 1);
			if (statement.isNewTable(table)) {
				return List.of();
			}
			return List.of("CREATE INDEX on existing table " + table
					+ " without CONCURRENTLY blocks every write to the table while the index is built. "
					+ "Use CREATE INDEX CONCURRENTLY IF NOT EXISTS in a migration whose Up marker is "
					+ "'-- +migrate Up notransaction'.");
		}
		if (statement.startsWith("drop", "index")) {
			if (matchesAt(tokens, 2, "concurrently")) {
				return List.of();
			}
			int at = matchesAt(tokens, 2, "if", "exists") ? 4 : 2;
			if (statement.isNewIndex(nameAt(tokens, at))) {
				return List.of();
			}
			return List.of("DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table: reads and "
					+ "writes wait behind it. Use DROP INDEX CONCURRENTLY IF EXISTS in a migration whose Up marker is "
					+ "'-- +migrate Up notransaction'.");
		}
		if (statement.startsWith("reindex") && tokens.stream().noneMatch((t) -> t.is("concurrently"))) {
			return List.of("REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) "
					+ "until it ends. Use REINDEX ... CONCURRENTLY (PostgreSQL 12+) in a migration whose Up marker is "
					+ "'-- +migrate Up notransaction'.");
		}
		return List.of();
	}

}
