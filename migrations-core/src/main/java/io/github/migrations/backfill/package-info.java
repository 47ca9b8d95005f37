/**
 * Batched backfills for Java migrations: {@link io.github.migrations.backfill.Backfill} updates or
 * moves rows in keyset-paginated batches, one fenced transaction per batch, resumable from the
 * progress stored in {@code <history table>_backfill}.
 */
@NullMarked
package io.github.migrations.backfill;

import org.jspecify.annotations.NullMarked;
