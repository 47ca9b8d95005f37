/**
 * Pre-flight checks: what is looked at in the database before a run applies anything (sessions
 * in the way of the pending migrations, sizes of the tables they touch, load, a maintenance
 * window). {@link io.github.migrations.preflight.PreflightCheck}, its context and results,
 * {@link io.github.migrations.preflight.PreflightConfig} and
 * {@link io.github.migrations.preflight.MaintenanceWindow} are public API; an application adds
 * checks by implementing the interface.
 */
@NullMarked
package io.github.migrations.preflight;

import org.jspecify.annotations.NullMarked;
