package io.github.migrations;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * The lock row as last committed, read without taking the lock (for status and errors).
 *
 * @param held whether a runner holds it and its lease has not expired
 * @param holder who holds (or last held) it: host, pid, application
 * @param lockedAt when it was acquired
 * @param leaseExpiresAt when the lease ends unless renewed
 * @param fence the fencing token of the latest acquisition
 */
public record LockInfo(boolean held, @Nullable String holder, @Nullable OffsetDateTime lockedAt,
		@Nullable OffsetDateTime leaseExpiresAt, long fence) {
}
