/**
 * The {@code migrations} Maven plugin: one goal per command of
 * {@link io.github.migrations.cli.command}, configured from the module's
 * {@code application.properties} / {@code application.yml} and the goal's parameters.
 */
@NullMarked
package io.github.migrations.maven;

import org.jspecify.annotations.NullMarked;
