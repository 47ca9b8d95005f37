package io.github.migrations;

/**
 * A foreign history that became ours: what the first run imported, from where.
 *
 * @param source the tool whose table it was ({@link HistoryImport#FLYWAY} ...)
 * @param table the foreign table, schema-qualified; it is left as it was
 * @param rows how many rows of our history it became
 * @param skipped how many of its rows were left out (Flyway's repeatable rows, undone versions)
 */
public record ImportedHistory(HistoryImport source, String table, int rows, int skipped) {

	@Override
	public String toString() {
		return rows + " row" + ((rows == 1) ? "" : "s") + " from " + source.toolName() + "'s " + table
				+ ((skipped > 0) ? " (" + skipped + " left out)" : "");
	}

}
