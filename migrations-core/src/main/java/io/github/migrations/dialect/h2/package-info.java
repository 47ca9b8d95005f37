/**
 * Internal: H2 2.x (in its default mode and in PostgreSQL compatibility mode), one vendor behind
 * {@link io.github.migrations.dialect.Dialect}: our tables' DDL, the lock SQL, session reset and
 * error classification.
 */
@NullMarked
package io.github.migrations.dialect.h2;

import org.jspecify.annotations.NullMarked;
