package io.github.migrations.backfill;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Backfill#run} did.
 *
 * @param backfill the backfill's name
 * @param rows the rows done by this run
 * @param batches the batches committed by this run
 * @param totalRows the rows done over every run (this one and any interrupted before it)
 * @param resumedAfter the key this run continued after (stored by an interrupted run), or
 * {@code null} when it started from the beginning
 * @param alreadyDone whether an earlier run had completed it (this run only validated)
 * @param duration how long this run took
 */
public record BackfillResult(String backfill, long rows, long batches, long totalRows, @Nullable String resumedAfter,
		boolean alreadyDone, Duration duration) {

	/**
	 * Rows per second of this run (0 when it did none).
	 */
	public double rowsPerSecond() {
		double seconds = this.duration.toNanos() / 1e9;
		return (this.rows == 0 || seconds <= 0) ? 0 : this.rows / seconds;
	}

}
