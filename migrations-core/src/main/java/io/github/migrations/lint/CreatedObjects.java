package io.github.migrations.lint;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tables and indexes a lint pass has seen created so far, each with the point at which it
 * was: a statement asks whether a name was created before it, not whether it is created at all.
 * One map grows over the pass and every statement keeps a number instead of a copy of the sets,
 * so a run on a fresh database with thousands of migrations lints in linear time (a copy of the
 * sets per migration made it quadratic).
 */
final class CreatedObjects {

	private final Map<String, Integer> tables = new HashMap<>();

	private final Map<String, Integer> indexes = new HashMap<>();

	private int position;

	/**
	 * The point a statement being read now sees: everything created before it.
	 */
	int position() {
		return this.position;
	}

	/**
	 * Records what a statement created, after every object created before it.
	 */
	void created(@Nullable String table, @Nullable String index) {
		this.position++;
		if (table != null) {
			this.tables.putIfAbsent(table, this.position);
		}
		if (index != null) {
			this.indexes.putIfAbsent(index, this.position);
		}
	}

	boolean isTableCreatedBy(String table, int position) {
		Integer at = this.tables.get(table);
		return at != null && at <= position;
	}

	boolean isIndexCreatedBy(String index, int position) {
		Integer at = this.indexes.get(index);
		return at != null && at <= position;
	}

}
