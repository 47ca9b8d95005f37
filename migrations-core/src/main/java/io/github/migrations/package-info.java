/**
 * The migration engine's public API: {@link io.github.migrations.Migrator}, its
 * {@link io.github.migrations.MigratorConfig configuration}, Java migrations and listeners.
 * Sub-packages are internal: they may change without notice; except
 * {@link io.github.migrations.preflight}, whose check interface applications implement.
 */
@NullMarked
package io.github.migrations;

import org.jspecify.annotations.NullMarked;
