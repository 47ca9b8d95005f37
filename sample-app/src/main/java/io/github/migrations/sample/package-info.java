/**
 * A small user service whose schema is managed by the migrations starter.
 */
@NullMarked
package io.github.migrations.sample;

import org.jspecify.annotations.NullMarked;
