/**
 * Actuator support: the {@code migrations} endpoint (status, pending, rollback) and the
 * {@code migrations} health indicator.
 */
@NullMarked
package io.github.migrations.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
