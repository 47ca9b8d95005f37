package io.github.migrations;

import java.util.Locale;

/**
 * What a repair does with the history rows of migrations that failed part-way (the database is
 * dirty). Each mode says what the operator did about the statements that took effect.
 */
public enum RepairMode {

	/**
	 * The failed rows are removed: the migrations run again from their first statement at the
	 * next migrate. For statements undone by hand, or made safe to re-run ({@code IF NOT EXISTS}).
	 * The default.
	 */
	RERUN,

	/**
	 * The next migrate runs each failed migration from the statement that failed, skipping the
	 * statements that took effect; its history row then carries the checksum of the file. Needs
	 * the per-statement progress recorded where DDL commits by itself (MariaDB, MySQL); fix the
	 * failed statement (or its cause in the database) first, and leave the statements before it
	 * as they are.
	 */
	RESUME,

	/**
	 * The failed migrations count as applied, with the checksum of their file: for a migration
	 * whose remaining statements were run by hand.
	 */
	MARK_APPLIED;

	/**
	 * The mode named as the endpoint, the command line and the Maven plugin take it:
	 * {@code rerun}, {@code resume}, {@code mark-applied} (case and {@code -}/{@code _} do not
	 * matter).
	 * @throws IllegalArgumentException naming the modes there are
	 */
	public static RepairMode of(String name) {
		String wanted = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (RepairMode mode : values()) {
			if (mode.name().equals(wanted)) {
				return mode;
			}
		}
		throw new IllegalArgumentException(
				"Unknown repair mode '" + name + "': use rerun (the default), resume or mark-applied");
	}

	/**
	 * The mode as {@link #of} reads it: {@code rerun}, {@code resume}, {@code mark-applied}.
	 */
	public String text() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
