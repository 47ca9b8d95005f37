/**
 * Internal: one run of the engine. {@link io.github.migrations.run.MigrationRun} is the per-run
 * object (operation, start, target, lock wait, batch, what ran) that each operation of
 * {@link io.github.migrations.Migrator} scripts; beside it the plan, the gates and the listener
 * fan-out. May change without notice.
 */
@NullMarked
package io.github.migrations.run;

import org.jspecify.annotations.NullMarked;
