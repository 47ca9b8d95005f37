/**
 * Micrometer meters and Observations for migration runs, fed by the engine's
 * {@link io.github.migrations.MigrationListener} events. Created by
 * {@link io.github.migrations.autoconfigure.metrics.MigrationsMetricsAutoConfiguration}; usable
 * without it.
 */
@NullMarked
package io.github.migrations.actuate.metrics;

import org.jspecify.annotations.NullMarked;
