/**
 * Internal: PostgreSQL, one vendor behind {@link io.github.migrations.dialect.Dialect}: our
 * tables' DDL, the lock SQL, the session and lock views, session reset and error
 * classification.
 */
@NullMarked
package io.github.migrations.dialect.postgres;

import org.jspecify.annotations.NullMarked;
