package io.github.migrations.history;

import java.time.OffsetDateTime;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * One row of the history table.
 *
 * @param version the version
 * @param name the name
 * @param kind SQL or Java
 * @param checksum the checksum when applied, or {@code null}
 * @param executedAt when it was applied (database time)
 * @param executionTimeMs how long it took
 * @param batch the run that applied it
 * @param installedBy who applied it
 * @param success {@code false}: a non-transactional migration failed part-way (dirty)
 * @param rollbackSql the Down section as it was when applied, or {@code null} (irreversible or
 * Java)
 * @param downTransactional whether the Down section runs in a transaction
 */
public record AppliedMigration(MigrationVersion version, String name, MigrationKind kind, @Nullable String checksum,
		@Nullable OffsetDateTime executedAt, long executionTimeMs, int batch, @Nullable String installedBy,
		boolean success, @Nullable String rollbackSql, boolean downTransactional) {
}
