package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.afterName;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code lock-not-none} (ERROR, MariaDB and MySQL): {@code LOCK=SHARED} or {@code LOCK=EXCLUSIVE}
 * in DDL on a table that existed before the migration, and {@code LOCK TABLES} of such a table.
 * {@code SHARED} blocks every write for the whole operation, {@code EXCLUSIVE} reads too;
 * {@code LOCK TABLES ... WRITE} holds other sessions off until {@code UNLOCK TABLES}.
 */
final class LockNotNoneRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (statement.startsWith("lock", "tables") || statement.startsWith("lock", "table")) {
			List<String> tables = lockedTables(statement);
			return tables.isEmpty() ? List.of()
					: List.of("LOCK TABLES " + String.join(", ", tables) + " holds other sessions off these tables "
							+ "(WRITE: reads and writes, READ: writes) until UNLOCK TABLES. A migration needs no "
							+ "table lock: each statement takes the locks it needs; leave LOCK TABLES to dumps of new "
							+ "tables.");
		}
		OnlineDdl online = OnlineDdl.of(statement);
		if (!online.blocksWrites()) {
			return List.of();
		}
		String table = OnlineDdl.table(statement);
		if (table == null || statement.isNewTable(table)) {
			return List.of();
		}
		boolean exclusive = "exclusive".equals(online.lock());
		return List.of("LOCK=" + (exclusive ? "EXCLUSIVE" : "SHARED") + " on existing table " + table
				+ " blocks every write" + (exclusive ? " and read" : "")
				+ " for the whole operation. Write LOCK=NONE (with ALGORITHM=INPLACE or INSTANT): the server then "
				+ "lets reads and writes through or refuses. What needs a lock (a FULLTEXT or SPATIAL index, an "
				+ "AUTO_INCREMENT column, a copy) belongs in a maintenance window or an online schema change tool.");
	}

	private static List<String> lockedTables(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		List<String> tables = new ArrayList<>();
		int i = 2;
		while (i < tokens.size()) {
			String table = nameAt(tokens, i);
			if (table == null) {
				break;
			}
			if (!statement.isNewTable(table)) {
				tables.add(table);
			}
			i = afterName(tokens, i);
			while (i < tokens.size() && !tokens.get(i).isSymbol(",")) {
				i++;
			}
			i++;
		}
		return tables;
	}

}
