package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import org.jspecify.annotations.Nullable;

/**
 * Flyway's {@code flyway_schema_history}, read in {@code installed_rank} order; a later row of a
 * version replaces an earlier one, an undo or a deletion removes it:
 * <ol>
 * <li>{@code SQL}, {@code SCRIPT}: a SQL migration; {@code JDBC}, {@code SPRING_JDBC},
 * {@code CUSTOM}: a Java one; {@code BASELINE}: a baseline marker; {@code SQL_BASELINE} (and the
 * other {@code *_BASELINE}): a baseline file that ran, with its checksum;</li>
 * <li>Flyway's checksum of a SQL file is checked against the local file with Flyway's own
 * algorithm ({@link FlywayChecksum}): when it matches, our row carries our checksum of the file;
 * when it does not, the row keeps Flyway's ({@code flyway:<crc>}), so that the file is reported
 * as edited after it was applied, as one edited after we applied it;</li>
 * <li>{@code success = false} is a failed (dirty) row; {@code installed_on}, {@code installed_by}
 * and {@code execution_time} are kept;</li>
 * <li>repeatable rows (no version) become our rows of repeatables, by the name in their script
 * ({@code R__views.sql}: {@code views}), the last run of each; their checksum is checked as a
 * versioned file's, so a file changed since Flyway last ran it is {@code OUTDATED} and runs again,
 * as under Flyway; Java repeatables are left out and counted;</li>
 * <li>{@code SCHEMA} (Flyway created the schema) is no migration.</li>
 * </ol>
 */
final class FlywayHistory extends ForeignHistory {

	FlywayHistory(String table) {
		super(HistoryImport.FLYWAY, table, List.of("installed_rank", "version", "description", "type", "script",
				"checksum", "installed_by", "installed_on", "execution_time", "success"));
	}

	@Override
	Rows read(Connection connection, String qualifiedTable, LocalFiles local) throws SQLException {
		Map<MigrationVersion, AppliedMigration> byVersion = new LinkedHashMap<>();
		Map<String, AppliedRepeatable> byName = new TreeMap<>();
		int skipped = 0;
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT installed_rank, version, description, type, script, "
						+ "checksum, installed_by, installed_on, execution_time, success FROM " + qualifiedTable
						+ " ORDER BY installed_rank")) {
			while (rs.next()) {
				String versionText = rs.getString(2);
				String type = rs.getString(4);
				if ("SCHEMA".equals(type)) {
					continue;
				}
				int checksum = rs.getInt(6);
				Integer flywayChecksum = rs.wasNull() ? null : checksum;
				if (versionText == null) {
					String name = repeatableName(rs.getString(5));
					if (name == null || kind(type, qualifiedTable, rs.getInt(1)) != MigrationKind.SQL) {
						skipped++;
						continue;
					}
					ResolvedMigration file = local.repeatable(name);
					byName.put(name, new AppliedRepeatable(name, checksum(MigrationKind.REPEATABLE, flywayChecksum, file),
							utc(rs.getTimestamp(8)), rs.getLong(9), IMPORTED_BATCH, rs.getString(7), rs.getBoolean(10)));
					continue;
				}
				MigrationVersion version = MigrationVersion.parse(versionText);
				if (type.startsWith("UNDO_") || "DELETE".equals(type)) {
					// undone, or marked deleted by Flyway's repair: not applied any more
					byVersion.remove(version);
					skipped++;
					continue;
				}
				MigrationKind kind = kind(type, qualifiedTable, rs.getInt(1));
				ResolvedMigration file = (kind == MigrationKind.BASELINE) ? local.baseline(version)
						: local.versioned(version);
				byVersion.put(version,
						row(version, rs.getString(3), kind, checksum(kind, flywayChecksum, file), utc(rs.getTimestamp(8)),
								rs.getLong(9), rs.getString(7), rs.getBoolean(10), file));
			}
		}
		List<AppliedMigration> rows = new ArrayList<>(byVersion.values());
		rows.sort(Comparator.comparing(AppliedMigration::version));
		return new Rows(rows, List.copyOf(byName.values()), skipped);
	}

	/**
	 * The name of a repeatable migration from Flyway's {@code script} ({@code R__views.sql}, maybe
	 * under a folder), or {@code null} when it is no such file.
	 */
	private static @Nullable String repeatableName(@Nullable String script) {
		if (script == null) {
			return null;
		}
		String file = script.substring(script.lastIndexOf('/') + 1);
		if (!file.startsWith("R__") || !file.endsWith(".sql") || file.length() <= "R__.sql".length()) {
			return null;
		}
		return file.substring(3, file.length() - 4);
	}

	private static MigrationKind kind(String type, String table, int rank) {
		return switch (type) {
			case "SQL", "SCRIPT" -> MigrationKind.SQL;
			case "JDBC", "SPRING_JDBC", "CUSTOM" -> MigrationKind.JAVA;
			case "BASELINE", "SQL_BASELINE", "JDBC_BASELINE", "SCRIPT_BASELINE", "CUSTOM_BASELINE" ->
				MigrationKind.BASELINE;
			default -> throw new MigrationAdoptionException(
					"Flyway history row " + rank + " has type " + type + ", which this starter cannot import", table,
					"installed_rank " + rank + ", type " + type,
					"Bring the database up to date with Flyway (or remove that row with Flyway's repair), then "
							+ "start again; or set migrations.import-history=none and record a baseline instead "
							+ "(migrations.baseline-on-migrate=true).");
		};
	}

	/**
	 * Our checksum when Flyway's matches the local file (or Flyway recorded none), else Flyway's,
	 * marked, so that the comparison with the local file fails as an edited file's does.
	 */
	private static @Nullable String checksum(MigrationKind kind, @Nullable Integer flyway,
			@Nullable ResolvedMigration file) {
		if (kind == MigrationKind.BASELINE && flyway == null) {
			return null;
		}
		if (file == null) {
			return (flyway != null) ? "flyway:" + flyway : null;
		}
		// Flyway checksums a repeatable file after replacing its placeholders, any other as written
		String text = (kind == MigrationKind.REPEATABLE) ? file.textAsRun() : file.text();
		if (flyway == null || text == null) {
			return file.checksum();
		}
		return (FlywayChecksum.of(text) == flyway) ? file.checksum() : "flyway:" + flyway;
	}

}
