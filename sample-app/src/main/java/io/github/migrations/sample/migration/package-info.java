/**
 * Java migrations of the sample application, picked up as Spring beans.
 */
@NullMarked
package io.github.migrations.sample.migration;

import org.jspecify.annotations.NullMarked;
