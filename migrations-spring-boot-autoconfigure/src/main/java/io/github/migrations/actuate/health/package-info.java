/**
 * The {@code migrations} health indicator. Created by
 * {@link io.github.migrations.autoconfigure.health.MigrationsHealthContributorAutoConfiguration};
 * usable without it.
 */
@NullMarked
package io.github.migrations.actuate.health;

import org.jspecify.annotations.NullMarked;
