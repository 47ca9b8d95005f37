package io.github.migrations;

import java.util.List;

/**
 * What a repair cleared, or, for a dry run, would clear.
 *
 * @param dryRun whether nothing was changed
 * @param cleared the failed history rows, as {@code <version> <name>} (a repeatable migration:
 * {@code repeatable <name>}), in version order, then the repeatable ones by name
 */
public record RepairResult(boolean dryRun, List<String> cleared) {

	public RepairResult {
		cleared = List.copyOf(cleared);
	}

}
