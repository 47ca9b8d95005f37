/**
 * Auto-configuration of the {@code migrations} health indicator and its settings
 * ({@code management.health.migrations.*}).
 */
@NullMarked
package io.github.migrations.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
