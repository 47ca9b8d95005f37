package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.afterName;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code optimize-table} (ERROR, MariaDB and MySQL): {@code OPTIMIZE [NO_WRITE_TO_BINLOG | LOCAL]
 * TABLE} of tables that existed before the migration. On InnoDB it is a rebuild of the whole table
 * ("recreate + analyze"): in place where it can, as a copy that blocks writes where it cannot (a
 * table with a {@code FULLTEXT} index), and in every case the I/O, temporary space and replica lag
 * of writing the table anew.
 */
final class OptimizeTableRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		if (!matchesAt(tokens, 0, "optimize")) {
			return List.of();
		}
		int i = (matchesAt(tokens, 1, "no_write_to_binlog") || matchesAt(tokens, 1, "local")) ? 2 : 1;
		if (!matchesAt(tokens, i, "table") && !matchesAt(tokens, i, "tables")) {
			return List.of();
		}
		List<String> tables = new ArrayList<>();
		i++;
		while (i < tokens.size()) {
			String table = nameAt(tokens, i);
			if (table == null) {
				break;
			}
			if (!statement.isNewTable(table)) {
				tables.add(table);
			}
			i = afterName(tokens, i);
			if (i >= tokens.size() || !tokens.get(i).isSymbol(",")) {
				break;
			}
			i++;
		}
		if (tables.isEmpty()) {
			return List.of();
		}
		return List.of("OPTIMIZE TABLE " + String.join(", ", tables) + " rebuilds each whole table: a copy that "
				+ "blocks writes where InnoDB cannot rebuild in place (a table with a FULLTEXT index), and always the "
				+ "I/O, temporary space and replica lag of writing it anew. Reclaiming space is no migration's job: "
				+ "run it in a maintenance window, or write ALTER TABLE ... FORCE, ALGORITHM=INPLACE, LOCK=NONE, "
				+ "which rebuilds without blocking writes or is refused.");
	}

}
