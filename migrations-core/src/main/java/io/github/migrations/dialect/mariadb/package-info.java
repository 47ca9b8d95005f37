/**
 * Internal: MariaDB (10.6 and later) and MySQL (8.0 and later), one vendor family behind
 * {@link io.github.migrations.dialect.Dialect}: lexical rules, our tables' DDL, the lock SQL,
 * session reset and error classification.
 */
@NullMarked
package io.github.migrations.dialect.mariadb;

import org.jspecify.annotations.NullMarked;
