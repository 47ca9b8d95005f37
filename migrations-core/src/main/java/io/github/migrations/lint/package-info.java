/**
 * The migration linter: rules that find statements which lock, rewrite or copy a live table
 * (PostgreSQL's rules; MariaDB's and MySQL's online-DDL rules), or break the release that is still
 * running, each with the safe alternative.
 * {@link io.github.migrations.lint.MigrationLinter} is the entry point.
 */
@NullMarked
package io.github.migrations.lint;

import org.jspecify.annotations.NullMarked;
