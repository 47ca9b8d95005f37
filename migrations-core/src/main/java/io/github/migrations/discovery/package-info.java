/**
 * Internal: discovery part of the migration engine.
 */
@NullMarked
package io.github.migrations.discovery;

import org.jspecify.annotations.NullMarked;
