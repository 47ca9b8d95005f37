/**
 * Internal: lock part of the migration engine.
 */
@NullMarked
package io.github.migrations.lock;

import org.jspecify.annotations.NullMarked;
