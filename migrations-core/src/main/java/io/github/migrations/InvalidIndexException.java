package io.github.migrations;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The target schema holds INVALID indexes (PostgreSQL keeps them after an interrupted
 * {@code CREATE INDEX CONCURRENTLY}, maintains them on every write and never uses them); a
 * re-run of the migration with {@code IF NOT EXISTS} would skip them and record success.
 */
public class InvalidIndexException extends MigrationException {

	private final List<String> indexes;

	public InvalidIndexException(String schema, List<String> indexes, List<String> tables) {
		super("Schema " + schema + " has " + indexes.size() + " INVALID index" + ((indexes.size() == 1) ? "" : "es")
				+ " (left by an interrupted CREATE INDEX CONCURRENTLY): " + String.join(", ", indexes),
				context("schema", schema, "indexes", String.join(", ", indexes), "tables",
						String.join(", ", tables.stream().distinct().toList())),
				"Drop " + ((indexes.size() == 1) ? "it" : "them") + " with "
						+ indexes.stream().map((i) -> "DROP INDEX CONCURRENTLY " + i + ";").collect(Collectors.joining(" "))
						+ " then migrate again (the migration that creates " + ((indexes.size() == 1) ? "it" : "them")
						+ " re-runs), or set migrations.cleanup-invalid-indexes=true to have them dropped before the run.",
				null);
		this.indexes = List.copyOf(indexes);
	}

	/**
	 * The INVALID indexes, schema-qualified and quoted.
	 */
	public List<String> getIndexes() {
		return this.indexes;
	}

}
