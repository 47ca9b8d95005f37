package io.github.migrations;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * The migration lock could not be acquired within the wait timeout. Says who holds it.
 */
public class LockTimeoutException extends MigrationException {

	public LockTimeoutException(String lockTable, Duration waited, @Nullable String holder,
			@Nullable OffsetDateTime lockedAt, @Nullable OffsetDateTime leaseExpiresAt) {
		super("Could not acquire the migration lock within " + waited.toMillis() + " ms",
				context("lock table", lockTable, "held by", holder, "since", lockedAt, "lease expires at",
						leaseExpiresAt),
				"Another runner is migrating. Wait for it to finish, or raise migrations.lock.wait-timeout. "
						+ "A holder that died releases the lock by itself when its lease expires; no manual unlock is needed.",
				null);
	}

}
