/**
 * Spring Boot auto-configuration for the migrations engine: properties, the
 * {@link io.github.migrations.Migrator} bean, running it at startup and ordering the rest of the
 * application after it.
 */
@NullMarked
package io.github.migrations.autoconfigure;

import org.jspecify.annotations.NullMarked;
