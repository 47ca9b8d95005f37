package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationParseException;
import io.github.migrations.discovery.MigrationFileName;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;

/**
 * sql-migrate's {@code gorp_migrations(id, applied_at)}: one row per applied file, {@code id}
 * being the file's name ({@code 20240101120000_add_users.sql}), from which the version is read as
 * our scanner reads it. sql-migrate keeps no checksum: a row carries the local file's.
 */
final class SqlMigrateHistory extends ForeignHistory {

	SqlMigrateHistory() {
		super(HistoryImport.SQL_MIGRATE, "gorp_migrations", List.of("id", "applied_at"));
	}

	@Override
	Rows read(Connection connection, String qualifiedTable, LocalFiles local) throws SQLException {
		List<AppliedMigration> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT id, applied_at FROM " + qualifiedTable)) {
			while (rs.next()) {
				String id = rs.getString(1);
				MigrationFileName name = name(id, qualifiedTable);
				ResolvedMigration file = local.versioned(name.version());
				rows.add(row(name.version(), name.name(), MigrationKind.SQL, localChecksum(file),
						utc(rs.getTimestamp(2)), 0, null, true, file));
			}
		}
		rows.sort(Comparator.comparing(AppliedMigration::version));
		return new Rows(rows, 0);
	}

	private static MigrationFileName name(String id, String table) {
		String problem;
		try {
			var parsed = MigrationFileName.parse(id, table + " row '" + id + "'");
			if (parsed.isPresent() && parsed.get().type() == MigrationFileName.Type.VERSIONED) {
				return parsed.get();
			}
			problem = parsed.isPresent() ? "it names a " + parsed.get().type() + " file" : "it does not end in .sql";
		}
		catch (MigrationParseException ex) {
			problem = ex.getSummary();
		}
		throw new MigrationAdoptionException("sql-migrate history row '" + id + "' names no versioned migration file",
				table, problem,
				"Rename the row's id to the versioned file name it stands for (<version>_<name>.sql), or set "
						+ "migrations.import-history=none and record a baseline instead "
						+ "(migrations.baseline-on-migrate=true).");
	}

}
