package io.github.migrations;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A pause of a running migration while a standby was further behind than
 * {@code migrations.backfill.max-replication-lag}, reported to
 * {@link MigrationListener#replicationPaused} when the migration resumes.
 *
 * @param backfill the backfill that paused between two batches, or {@code null} for a Java
 * migration that asked ({@link MigrationRuntime#awaitReplicationLag()})
 * @param standby the standby furthest behind when the pause began
 * @param lag how far behind it was then
 * @param maxLag the configured maximum
 * @param paused how long the migration waited
 */
public record ReplicationPause(@Nullable String backfill, String standby, Duration lag, Duration maxLag,
		Duration paused) {
}
