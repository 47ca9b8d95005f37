package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.migrations.parse.Token;

/**
 * {@code index-not-online} (WARNING, MariaDB and MySQL): {@code CREATE INDEX} or
 * {@code ALTER TABLE ... ADD INDEX | KEY | UNIQUE | FULLTEXT | SPATIAL} (or a column declared
 * {@code UNIQUE}) on a table that existed before the migration, without {@code LOCK=NONE} (or {@code ALGORITHM=INSTANT}) stated. InnoDB
 * builds a plain secondary index in place with writes going on, but when it cannot (another change
 * in the same statement needs a copy, a table of another engine) the server silently copies the
 * table and blocks writes; with the clauses stated it refuses instead. {@code FULLTEXT} and
 * {@code SPATIAL} indexes always block writes while they are built.
 */
final class IndexNotOnlineRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		OnlineDdl online = OnlineDdl.of(statement);
		if (online.refusesBlocking() || online.copy()) {
			return List.of();
		}
		String table = OnlineDdl.table(statement);
		if (table == null || statement.isNewTable(table)) {
			return List.of();
		}
		List<String> messages = new ArrayList<>();
		int index = OnlineDdl.createIndex(statement.tokens());
		if (index >= 0) {
			messages.add(message(table, statement.tokens().get(index - 1).text().toLowerCase(Locale.ROOT)));
		}
		LintStatement.AlterTable alter = statement.alterTable();
		if (alter != null) {
			for (List<Token> action : alter.actions()) {
				if (OnlineDdl.isAddIndex(action)) {
					messages.add(message(table, OnlineDdl.addedKind(action)));
				}
				else if (OnlineDdl.isAddColumn(action) && OnlineDdl.mentions(action, "unique")) {
					messages.add(message(table, "unique"));
				}
			}
		}
		return messages;
	}

	private static String message(String table, String kind) {
		if (kind.equals("fulltext") || kind.equals("spatial")) {
			return "A " + kind.toUpperCase(Locale.ROOT) + " index on existing table " + table + " blocks every write "
					+ "while it is built (LOCK=NONE is refused" + (kind.equals("fulltext")
							? "; the first FULLTEXT index of a table also rebuilds it" : "")
					+ "). Build it in a maintenance window, or on a copy of the table with an online schema change "
					+ "tool (pt-online-schema-change, gh-ost).";
		}
		return "Adding an index to existing table " + table + " without ALGORITHM=INPLACE, LOCK=NONE lets the server "
				+ "fall back silently to a copy that blocks writes when it cannot build the index online (another "
				+ "change in the same statement needs a copy, the table is not InnoDB). State both: "
				+ "ALTER TABLE ... ADD INDEX ..., ALGORITHM=INPLACE, LOCK=NONE or CREATE INDEX ... ON ... (...) "
				+ "ALGORITHM=INPLACE LOCK=NONE; the server then builds it without blocking writes or refuses.";
	}

}
