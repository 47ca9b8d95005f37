package io.github.migrations.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationParseException;
import io.github.migrations.MigrationVersion;

/**
 * A Flyway undo file ({@code U<version>__<name>.sql}), which becomes the Down section of the
 * migration of its version.
 *
 * @param name its name
 * @param location where it was found
 * @param content its text
 */
record UndoFile(MigrationFileName name, String location, String content) {

	/**
	 * Makes each undo file the Down section of the migration of its version. An undo file without
	 * such a migration, for a Java migration, for a file that has a Down section of its own, or a
	 * second one for a version, is an error naming both files.
	 */
	static void attach(Map<MigrationVersion, ResolvedMigration> byVersion, List<UndoFile> undos) {
		Map<MigrationVersion, String> undone = new LinkedHashMap<>();
		for (UndoFile undo : undos) {
			MigrationVersion version = undo.name().version();
			ResolvedMigration migration = byVersion.get(version);
			if (migration == null) {
				throw new MigrationParseException(undo.location(), 0,
						"Undo file for version " + version + ", but no migration has that version",
						"Rename it after the version it undoes (U<version>__<name>.sql), or delete it if its "
								+ "migration is gone.");
			}
			String previous = undone.putIfAbsent(version, undo.location());
			if (previous != null) {
				throw new MigrationParseException(undo.location(), 0,
						"Two undo files for version " + version + ": " + previous + " and " + undo.location(),
						"Keep one undo file per version; merge the two.");
			}
			if (migration.kind() != MigrationKind.SQL) {
				throw new MigrationParseException(undo.location(), 0, "Undo file for version " + version
						+ ", a Java migration (" + migration.location() + ")",
						"Undo a Java migration in its down() method, and delete the undo file.");
			}
			if (migration.sections().down() != null) {
				throw new MigrationParseException(undo.location(), 0,
						"Version " + version + " is undone twice: by " + undo.location() + " and by the Down section of "
								+ migration.location() + " (line " + (migration.sections().down().firstLine() - 1) + ")",
						"Keep one: delete the undo file, or move its SQL into the Down section and delete the file.");
			}
			byVersion.put(version, migration.withUndo(undo.location(), undo.content()));
		}
	}

}
