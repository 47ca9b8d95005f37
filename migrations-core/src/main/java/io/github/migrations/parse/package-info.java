/**
 * Internal: parse part of the migration engine.
 */
@NullMarked
package io.github.migrations.parse;

import org.jspecify.annotations.NullMarked;
