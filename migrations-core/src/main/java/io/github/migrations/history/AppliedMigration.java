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
 * @param statementsDone for a failed row of a migration that ran statement by statement where DDL
 * commits by itself (MariaDB, MySQL): how many statements of its Up section took effect, so the one
 * after them failed; {@code null} where it was not recorded
 * @param resumeFrom set by a repair that resumes: the next migrate runs the Up section from this
 * statement (0-based: the statements before it are skipped); {@code null} otherwise
 */
public record AppliedMigration(MigrationVersion version, String name, MigrationKind kind, @Nullable String checksum,
		@Nullable OffsetDateTime executedAt, long executionTimeMs, int batch, @Nullable String installedBy,
		boolean success, @Nullable String rollbackSql, boolean downTransactional, @Nullable Integer statementsDone,
		@Nullable Integer resumeFrom) {

	/**
	 * A row without per-statement progress.
	 */
	public AppliedMigration(MigrationVersion version, String name, MigrationKind kind, @Nullable String checksum,
			@Nullable OffsetDateTime executedAt, long executionTimeMs, int batch, @Nullable String installedBy,
			boolean success, @Nullable String rollbackSql, boolean downTransactional) {
		this(version, name, kind, checksum, executedAt, executionTimeMs, batch, installedBy, success, rollbackSql,
				downTransactional, null, null);
	}

	/**
	 * Whether a repair approved resuming this failed migration ({@link #resumeFrom()} is set).
	 */
	public boolean resumes() {
		return !this.success && this.resumeFrom != null;
	}

}
