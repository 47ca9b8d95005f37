/**
 * Adopting a live database: the history of another tool (Flyway, sql-migrate, goose,
 * golang-migrate) imported once into ours, under the lock and in one transaction, or a baseline
 * for a schema that has tables but no history. Internal: may change in any release.
 */
@NullMarked
package io.github.migrations.adopt;

import org.jspecify.annotations.NullMarked;
