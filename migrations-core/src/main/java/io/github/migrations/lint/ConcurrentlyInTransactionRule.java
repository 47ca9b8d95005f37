package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code concurrently-in-transaction} (ERROR): a statement PostgreSQL refuses inside a
 * transaction block, in a transactional section: {@code CREATE/DROP INDEX CONCURRENTLY},
 * {@code REINDEX CONCURRENTLY}, {@code DETACH PARTITION ... CONCURRENTLY}, {@code VACUUM},
 * {@code CREATE/DROP DATABASE}, {@code CREATE/DROP TABLESPACE}, {@code ALTER SYSTEM}. The
 * migration would fail every time. ({@code REFRESH MATERIALIZED VIEW CONCURRENTLY} is allowed in a
 * transaction and not reported.)
 */
final class ConcurrentlyInTransactionRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (!statement.transactional()) {
			return List.of();
		}
		String what = refused(statement);
		if (what == null) {
			return List.of();
		}
		return List.of(what + " cannot run inside a transaction block: PostgreSQL refuses it and the migration "
				+ "fails. Put it in a migration of its own whose Up marker is '-- +migrate Up notransaction', "
				+ "written to be re-runnable (IF NOT EXISTS / IF EXISTS).");
	}

	private static @Nullable String refused(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		int i = statement.indexAfterCreateIndex();
		if (i >= 0 && matchesAt(tokens, i, "concurrently")) {
			return "CREATE INDEX CONCURRENTLY";
		}
		if (statement.startsWith("drop", "index", "concurrently")) {
			return "DROP INDEX CONCURRENTLY";
		}
		if (statement.startsWith("reindex") && tokens.stream().anyMatch((t) -> t.is("concurrently"))) {
			return "REINDEX CONCURRENTLY";
		}
		if (statement.startsWith("alter", "table") && statement.contains("detach", "partition")
				&& tokens.stream().anyMatch((t) -> t.is("concurrently"))) {
			return "DETACH PARTITION CONCURRENTLY";
		}
		if (statement.startsWith("vacuum")) {
			return "VACUUM";
		}
		for (String object : new String[] { "database", "tablespace" }) {
			if (statement.startsWith("create", object) || statement.startsWith("drop", object)) {
				return tokens.get(0).text().toUpperCase(java.util.Locale.ROOT) + " "
						+ object.toUpperCase(java.util.Locale.ROOT);
			}
		}
		if (statement.startsWith("alter", "system")) {
			return "ALTER SYSTEM";
		}
		return null;
	}

}
