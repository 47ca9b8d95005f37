package io.github.migrations;

import java.util.List;

/**
 * What a repair did, or, for a dry run, would do.
 *
 * @param dryRun whether nothing was changed
 * @param cleared the failed history rows repaired, as {@code <version> <name>} (a repeatable
 * migration: {@code repeatable <name>}), in version order, then the repeatable ones by name; a
 * resumed one says where it resumes ({@code 2 add_index (resumes at statement 3, line 7)})
 * @param mode what the repair did with them
 */
public record RepairResult(boolean dryRun, List<String> cleared, RepairMode mode) {

	public RepairResult {
		cleared = List.copyOf(cleared);
	}

	/**
	 * A repair that removed the failed rows ({@link RepairMode#RERUN}).
	 */
	public RepairResult(boolean dryRun, List<String> cleared) {
		this(dryRun, cleared, RepairMode.RERUN);
	}

}
