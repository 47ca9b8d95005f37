/**
 * The {@code migrations} Actuator endpoint: the state of every migration, the pending ones, a
 * guarded rollback and repair (with their web extension, which answers a refused request with the
 * reason and the fix), and the listener that remembers this instance's last run. Created by
 * {@link io.github.migrations.autoconfigure.MigrationsEndpointAutoConfiguration}; usable without
 * it.
 */
@NullMarked
package io.github.migrations.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
