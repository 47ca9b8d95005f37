/**
 * Micrometer meters and Observations for migration runs, fed by the engine's
 * {@link io.github.migrations.MigrationListener} events.
 */
@NullMarked
package io.github.migrations.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
