package io.github.migrations.execute;

import java.sql.Connection;

import io.github.migrations.MigrationDescriptor;

/**
 * Work run around a migration's own, on its connection and in its transaction (when it has one):
 * the per-migration callbacks.
 */
@FunctionalInterface
public interface MigrationHook {

	/** No work around the migration. */
	MigrationHook NONE = (connection, migration, before) -> {
	};

	/**
	 * @param before {@code true} before the migration's statements, {@code false} after them
	 */
	void run(Connection connection, MigrationDescriptor migration, boolean before) throws Exception;

}
