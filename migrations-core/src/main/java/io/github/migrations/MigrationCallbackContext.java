package io.github.migrations;

import java.sql.Connection;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link MigrationCallback} gets.
 *
 * @param connection the connection to work on: the migration's for the per-migration events, else
 * one of the callback's own; do not close it
 * @param migration the migration, for {@link MigrationCallback.Event#BEFORE_EACH_MIGRATE} and
 * {@link MigrationCallback.Event#AFTER_EACH_MIGRATE}; else {@code null}
 * @param operation the run's operation ({@code migrate})
 * @param schema the schema of the history table
 * @param failure what failed the run, for {@link MigrationCallback.Event#AFTER_MIGRATE_ERROR}; else
 * {@code null}
 */
public record MigrationCallbackContext(Connection connection, @Nullable MigrationDescriptor migration,
		String operation, String schema, @Nullable Throwable failure) {
}
