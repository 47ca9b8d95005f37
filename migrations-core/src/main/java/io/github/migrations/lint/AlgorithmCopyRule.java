package io.github.migrations.lint;

import java.util.List;

/**
 * {@code algorithm-copy} (ERROR, MariaDB and MySQL): {@code ALGORITHM=COPY} on a table that
 * existed before the migration. The server copies the table row by row into a new one and blocks
 * writes for the whole copy (MySQL, and MariaDB before 11.2, cannot copy with {@code LOCK=NONE}:
 * a statement that states it too is refused or, from MariaDB 11.2 on, copies online, so it is not
 * reported).
 */
final class AlgorithmCopyRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		OnlineDdl online = OnlineDdl.of(statement);
		if (!online.copy() || "none".equals(online.lock())) {
			return List.of();
		}
		String table = OnlineDdl.table(statement);
		if (table == null || statement.isNewTable(table)) {
			return List.of();
		}
		return List.of("ALGORITHM=COPY on existing table " + table + " copies it row by row into a new table and "
				+ "blocks writes for the whole copy. Write ALGORITHM=INSTANT, or ALGORITHM=INPLACE, LOCK=NONE: the "
				+ "server then makes the change without blocking writes or refuses it. A change only a copy can "
				+ "make belongs in a maintenance window or an online schema change tool (pt-online-schema-change, "
				+ "gh-ost); on MariaDB 11.2+ ALGORITHM=COPY, LOCK=NONE copies without blocking writes.");
	}

}
