package io.github.migrations.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * N realistic small migrations, repeating in threes: create a table with an index, add a column
 * to it, insert rows into it. Each has Up statements and the Down statements that undo them. The
 * same on every server but for the column types (MariaDB indexes a {@code varchar}, not a
 * {@code text} without a prefix length, and has no {@code timestamptz}).
 */
final class Workload {

	private Workload() {
	}

	/**
	 * One migration: its number (1..N), a short name, its statements without terminators, and
	 * whether it is DDL (the first two of every three) or DML only (the third).
	 */
	record Migration(int number, String name, List<String> up, List<String> down, boolean ddl) {
	}

	static List<Migration> generate(int n, Server server) {
		String columns = switch (server) {
			case POSTGRES -> " (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())";
			case MARIADB -> " (id bigint PRIMARY KEY, name varchar(200) NOT NULL, "
					+ "created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))";
		};
		List<Migration> migrations = new ArrayList<>(n);
		for (int i = 1; i <= n; i++) {
			int group = (i + 2) / 3;
			String table = "bench_" + group;
			migrations.add(switch (i % 3) {
				case 1 -> new Migration(i, "create_" + table,
						List.of("CREATE TABLE " + table + columns,
								"CREATE INDEX " + table + "_name ON " + table + " (name)"),
						List.of("DROP TABLE " + table), true);
				case 2 -> new Migration(i, "add_note_to_" + table,
						List.of("ALTER TABLE " + table + " ADD COLUMN note text"),
						List.of("ALTER TABLE " + table + " DROP COLUMN note"), true);
				default -> new Migration(i, "seed_" + table,
						List.of("INSERT INTO " + table
								+ " (id, name, note) VALUES (1, 'alpha', 'first'), (2, 'beta', 'second'), (3, 'gamma', 'third')"),
						List.of("DELETE FROM " + table + " WHERE id IN (1, 2, 3)"), false);
			});
		}
		return migrations;
	}

}
