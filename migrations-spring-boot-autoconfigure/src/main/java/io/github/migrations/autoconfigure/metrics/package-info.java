/**
 * Auto-configuration of the Micrometer meters and Observations of migration runs.
 */
@NullMarked
package io.github.migrations.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
