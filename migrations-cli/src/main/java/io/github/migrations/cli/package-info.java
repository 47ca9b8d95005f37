/**
 * The {@code migrations} command line: picocli over the command layer of
 * {@link io.github.migrations.cli.command}.
 */
@NullMarked
package io.github.migrations.cli;

import org.jspecify.annotations.NullMarked;
