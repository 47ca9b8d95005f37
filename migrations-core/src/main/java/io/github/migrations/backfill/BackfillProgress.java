package io.github.migrations.backfill;

import java.time.Duration;

/**
 * One committed batch of a backfill, as reported to
 * {@link io.github.migrations.MigrationListener#backfillProgress}.
 *
 * @param backfill the backfill's name
 * @param batch the batch's number, counted over every run of this backfill (1 for the first)
 * @param batchRows the rows of this batch
 * @param rowsDone the rows done so far, over every run
 * @param lastKey the last key of this batch, as stored in the progress table ({@code [42]},
 * {@code ["acme", 7]})
 * @param batchDuration how long the batch's transaction took, from its fence check to its commit
 */
public record BackfillProgress(String backfill, long batch, int batchRows, long rowsDone, String lastKey,
		Duration batchDuration) {
}
