/**
 * Internal: the database SPI. {@link io.github.migrations.dialect.Dialect} is everything that
 * differs between databases, {@link io.github.migrations.dialect.Dialects} picks one for a
 * connection, {@link io.github.migrations.preflight.DatabaseActivity} is a database's view of its
 * sessions and locks; {@link io.github.migrations.dialect.StandardSqlDialect} and
 * {@link io.github.migrations.dialect.StandardLockSql} say once what vendors write alike. Each
 * vendor is a package of its own ({@code postgres}, {@code h2}).
 */
@NullMarked
package io.github.migrations.dialect;

import org.jspecify.annotations.NullMarked;
