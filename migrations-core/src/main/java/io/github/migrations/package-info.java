/**
 * The migration engine's public API: {@link io.github.migrations.Migrator}, its
 * {@link io.github.migrations.MigratorConfig configuration}, Java migrations and listeners.
 * Sub-packages are internal: they may change without notice; except the public types of
 * {@link io.github.migrations.rollback} (request, result, step, refusal),
 * {@link io.github.migrations.preflight}, whose check interface applications implement, and
 * {@link io.github.migrations.lint}.
 */
@NullMarked
package io.github.migrations;

import org.jspecify.annotations.NullMarked;
