/**
 * Spring Boot auto-configuration for the migrations engine: properties, the
 * {@link io.github.migrations.Migrator} bean, running it at startup and ordering the rest of the
 * application after it, and the {@code migrations} Actuator endpoint. The components themselves
 * (endpoint, health indicator, meters) live in {@code io.github.migrations.actuate.*}.
 */
@NullMarked
package io.github.migrations.autoconfigure;

import org.jspecify.annotations.NullMarked;
