/**
 * The migration engine's public API: {@link io.github.migrations.Migrator}, its
 * {@link io.github.migrations.MigratorConfig configuration}, Java migrations and listeners.
 * Sub-packages are internal: they may change without notice.
 */
@NullMarked
package io.github.migrations;

import org.jspecify.annotations.NullMarked;
