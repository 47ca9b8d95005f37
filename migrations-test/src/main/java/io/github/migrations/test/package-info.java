/**
 * Test support for migrations: {@link io.github.migrations.test.SchemaSnapshot schema snapshots}
 * read from the catalog, and a check that every migration's Down restores the schema its Up
 * started from ({@link io.github.migrations.test.MigrationReversibilityChecker},
 * {@link io.github.migrations.test.MigrationAssertions}, {@link io.github.migrations.test.MigrationsTest}).
 * Add the module with test scope.
 */
@NullMarked
package io.github.migrations.test;

import org.jspecify.annotations.NullMarked;
