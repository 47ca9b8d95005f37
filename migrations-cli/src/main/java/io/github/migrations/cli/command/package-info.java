/**
 * The commands as plain Java over the engine, shared by the command line and the Maven plugin:
 * each takes a {@link io.github.migrations.cli.command.CommandConfiguration}, writes to the given
 * streams and returns an {@link io.github.migrations.cli.command.ExitCode exit code}.
 */
@NullMarked
package io.github.migrations.cli.command;

import org.jspecify.annotations.NullMarked;
