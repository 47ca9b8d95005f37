/**
 * Internal: execute part of the migration engine.
 */
@NullMarked
package io.github.migrations.execute;

import org.jspecify.annotations.NullMarked;
