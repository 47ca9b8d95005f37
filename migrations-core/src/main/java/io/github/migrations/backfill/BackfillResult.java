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
 * @param replicationPauses how often this run paused between batches for a standby that was too far
 * behind ({@code migrations.backfill.max-replication-lag})
 * @param replicationPaused how long those pauses took together (part of {@code duration})
 */
public record BackfillResult(String backfill, long rows, long batches, long totalRows, @Nullable String resumedAfter,
		boolean alreadyDone, Duration duration, long replicationPauses, Duration replicationPaused) {

	/**
	 * A result without pauses for standbys.
	 */
	public BackfillResult(String backfill, long rows, long batches, long totalRows, @Nullable String resumedAfter,
			boolean alreadyDone, Duration duration) {
		this(backfill, rows, batches, totalRows, resumedAfter, alreadyDone, duration, 0, Duration.ZERO);
	}

	/**
	 * Rows per second of this run (0 when it did none).
	 */
	public double rowsPerSecond() {
		double seconds = this.duration.toNanos() / 1e9;
		return (this.rows == 0 || seconds <= 0) ? 0 : this.rows / seconds;
	}

}
