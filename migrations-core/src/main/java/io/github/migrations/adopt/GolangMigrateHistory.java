package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;

/**
 * golang-migrate's {@code schema_migrations(version, dirty)}: one row, the current version. Every
 * local migration up to it counts as applied; when {@code dirty}, that version failed part-way.
 * It keeps neither times nor checksums: rows carry the import's time and the local file's
 * checksum. Its name is this starter's default history table name, so it is read only when
 * {@code migrations.table} names another table.
 */
final class GolangMigrateHistory extends ForeignHistory {

	GolangMigrateHistory() {
		super(HistoryImport.GOLANG_MIGRATE, "schema_migrations", List.of("version", "dirty"));
	}

	/**
	 * Exactly golang-migrate's two columns: our own history table has the same name.
	 */
	@Override
	boolean hasShape(Set<String> columns) {
		return columns.equals(Set.of("version", "dirty"));
	}

	@Override
	Rows read(Connection connection, String qualifiedTable, LocalFiles local) throws SQLException {
		List<AppliedMigration> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT version, dirty FROM " + qualifiedTable)) {
			if (!rs.next()) {
				return new Rows(rows, 0);
			}
			MigrationVersion current = MigrationVersion.parse(Long.toString(rs.getLong(1)));
			boolean dirty = rs.getBoolean(2);
			for (ResolvedMigration file : local.versioned()) {
				if (file.version().compareTo(current) < 0) {
					rows.add(row(file.version(), file.name(), MigrationKind.SQL, localChecksum(file), null, 0, null,
							true, file));
				}
			}
			ResolvedMigration file = local.versioned(current);
			rows.add(row(current, "version_" + current, MigrationKind.SQL, localChecksum(file), null, 0, null, !dirty,
					file));
		}
		return new Rows(rows, 0);
	}

}
