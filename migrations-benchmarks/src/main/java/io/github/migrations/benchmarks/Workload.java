package io.github.migrations.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * N realistic small migrations, repeating in threes: create a table with an index, add a column
 * to it, insert rows into it. Each has Up statements and the Down statements that undo them.
 */
final class Workload {

	private Workload() {
	}

	/**
	 * One migration: its number (1..N), a short name, and its statements without terminators.
	 */
	record Migration(int number, String name, List<String> up, List<String> down) {
	}

	static List<Migration> generate(int n) {
		List<Migration> migrations = new ArrayList<>(n);
		for (int i = 1; i <= n; i++) {
			int group = (i + 2) / 3;
			String table = "bench_" + group;
			migrations.add(switch (i % 3) {
				case 1 -> new Migration(i, "create_" + table, List.of(
						"CREATE TABLE " + table
								+ " (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
						"CREATE INDEX " + table + "_name ON " + table + " (name)"),
						List.of("DROP TABLE " + table));
				case 2 -> new Migration(i, "add_note_to_" + table,
						List.of("ALTER TABLE " + table + " ADD COLUMN note text"),
						List.of("ALTER TABLE " + table + " DROP COLUMN note"));
				default -> new Migration(i, "seed_" + table,
						List.of("INSERT INTO " + table
								+ " (id, name, note) VALUES (1, 'alpha', 'first'), (2, 'beta', 'second'), (3, 'gamma', 'third')"),
						List.of("DELETE FROM " + table + " WHERE id IN (1, 2, 3)"));
			});
		}
		return migrations;
	}

}
