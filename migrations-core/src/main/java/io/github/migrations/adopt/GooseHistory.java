package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;

/**
 * goose's {@code goose_db_version(id, version_id, is_applied, tstamp)}: a log, one row per up or
 * down. The last row of each {@code version_id} (in {@code id} order) tells whether it is
 * applied; version 0 is goose's own first row, no migration. goose keeps no checksum: a row
 * carries the local file's.
 */
final class GooseHistory extends ForeignHistory {

	GooseHistory() {
		super(HistoryImport.GOOSE, "goose_db_version", List.of("id", "version_id", "is_applied", "tstamp"));
	}

	@Override
	Rows read(Connection connection, String qualifiedTable, LocalFiles local) throws SQLException {
		Map<Long, Last> last = new TreeMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT version_id, is_applied, tstamp FROM " + qualifiedTable + " ORDER BY id")) {
			while (rs.next()) {
				last.put(rs.getLong(1), new Last(rs.getBoolean(2), rs.getTimestamp(3)));
			}
		}
		List<AppliedMigration> rows = new ArrayList<>();
		int skipped = 0;
		for (Map.Entry<Long, Last> entry : last.entrySet()) {
			if (entry.getKey() == 0) {
				continue;
			}
			if (!entry.getValue().applied()) {
				skipped++;
				continue;
			}
			MigrationVersion version = MigrationVersion.parse(Long.toString(entry.getKey()));
			ResolvedMigration file = local.versioned(version);
			rows.add(row(version, "goose_" + entry.getKey(), MigrationKind.SQL, localChecksum(file),
					utc(entry.getValue().at()), 0, null, true, file));
		}
		return new Rows(rows, skipped);
	}

	private record Last(boolean applied, Timestamp at) {
	}

}
