package io.github.migrations;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * One migration as {@link Migrator#status()} sees it: what is local, what is recorded, and the
 * resulting state.
 *
 * @param version its version, or {@code null} for a repeatable migration ({@link MigrationKind#REPEATABLE}),
 * which has none (as Flyway's {@code MigrationInfo.getVersion()}): its name identifies it
 * @param name its name
 * @param kind SQL, Java, a baseline (file or marker row) or a repeatable file
 * @param state the state
 * @param script the local file or class, or {@code null} when there is none (FUTURE, MISSING)
 * @param checksum the recorded checksum when applied, else the local one
 * @param executedAt when it was applied, or {@code null}
 * @param executionTime how long it took, or {@code null}
 * @param batch the batch it was applied in, or 0
 * @param installedBy who applied it, or {@code null}
 * @param reversible whether it has a Down section (stored or local) or a Java {@code down}
 */
public record MigrationInfo(@Nullable MigrationVersion version, String name, MigrationKind kind, MigrationState state,
		@Nullable String script, @Nullable String checksum, @Nullable OffsetDateTime executedAt,
		@Nullable Duration executionTime, int batch, @Nullable String installedBy, boolean reversible) {
}
