/**
 * Internal: history part of the migration engine.
 */
@NullMarked
package io.github.migrations.history;

import org.jspecify.annotations.NullMarked;
