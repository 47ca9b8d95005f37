package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * The engine will not adopt the schema as it is: a schema with tables of its own and no history
 * (baseline or import first), a foreign table under the history table's name, a foreign history
 * it cannot read, or a baseline over an existing history. Nothing was written.
 */
public class MigrationAdoptionException extends MigrationException {

	private final String table;

	public MigrationAdoptionException(String summary, String table, @Nullable String detail, String action) {
		super(summary, context("table", table, "found", detail), action, null);
		this.table = table;
	}

	/**
	 * The table concerned, schema-qualified: the history table, or the foreign one.
	 */
	public String getTable() {
		return this.table;
	}

}
