/**
 * Internal: dialect part of the migration engine.
 */
@NullMarked
package io.github.migrations.dialect;

import org.jspecify.annotations.NullMarked;
