package io.github.migrations.rollback;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;

/**
 * One migration a rollback reverts (or would revert).
 *
 * @param version its version
 * @param name its name
 * @param kind SQL or Java
 * @param sql the Down SQL that runs (the stored one), or {@code "Java migration"}
 * @param transactional whether it runs in one transaction with the history row's deletion
 */
public record RollbackStep(MigrationVersion version, String name, MigrationKind kind, String sql,
		boolean transactional) {
}
