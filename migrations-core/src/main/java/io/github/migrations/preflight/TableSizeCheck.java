package io.github.migrations.preflight;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import io.github.migrations.preflight.DatabaseActivity.TableSize;

/**
 * Touched tables over the size threshold, one {@link PreflightStatus#WARNING} each: a statement
 * that rewrites or scans such a table holds its lock for long.
 * <p>
 * The body of an {@link ActivityCheck}.
 */
final class TableSizeCheck {

	static final String ID = "table-size";

	private TableSizeCheck() {
	}

	static List<PreflightResult> check(PreflightContext context, DatabaseActivity activity) throws SQLException {
		long threshold = context.settings().getTableSizeThreshold().toBytes();
		List<TableSize> sizes = activity.tableSizes(context.connection(), context.tables());
		List<PreflightResult> large = sizes.stream()
			.filter((size) -> size.bytes() > threshold)
			.map((size) -> PreflightResult.warning(ID, ("Table %s is %s, over %s: a statement that rewrites or "
					+ "scans it (ALTER COLUMN TYPE, a constraint without NOT VALID, CREATE INDEX without "
					+ "CONCURRENTLY) holds its lock for long. Use the online forms the linter suggests, and expect "
					+ "the run to take time.").formatted(size.table(), pretty(size.bytes()), pretty(threshold)),
					PreflightResult.details("table", size.table(), "bytes", String.valueOf(size.bytes()),
							"thresholdBytes", String.valueOf(threshold))))
			.toList();
		if (!large.isEmpty()) {
			return large;
		}
		String largest = sizes.isEmpty() ? "" : "; the largest, " + sizes.get(0).table() + ", is "
				+ pretty(sizes.get(0).bytes());
		return List.of(PreflightResult.passed(ID,
				"No touched table is over " + pretty(threshold) + largest));
	}

	static String pretty(long bytes) {
		String[] units = { "bytes", "kB", "MB", "GB", "TB" };
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return (unit == 0) ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

}
