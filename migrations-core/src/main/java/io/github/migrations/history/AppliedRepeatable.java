package io.github.migrations.history;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * The history row of a repeatable migration ({@code R__<name>.sql}): type {@code REPEATABLE}, no
 * version. Its name identifies it; there is one row per name, the one of its last run.
 *
 * @param name the name (the file name's part after {@code R__}, without {@code .sql})
 * @param checksum the checksum of the file as it last ran
 * @param executedAt when it last ran (database time); {@code null} when writing means "now"
 * @param executionTimeMs how long it took
 * @param batch the run that ran it
 * @param installedBy who ran it
 * @param success {@code false}: it ran without a transaction and failed part-way (dirty)
 */
public record AppliedRepeatable(String name, @Nullable String checksum, @Nullable OffsetDateTime executedAt,
		long executionTimeMs, int batch, @Nullable String installedBy, boolean success) {
}
