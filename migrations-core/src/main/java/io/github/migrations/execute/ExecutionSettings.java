package io.github.migrations.execute;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How each migration runs.
 *
 * @param lockTimeout database lock timeout per migration transaction, or {@code null}
 * @param statementTimeout statement timeout per migration transaction, or {@code null}
 * @param lockRetries how often a transactional migration is retried after a lock timeout
 * @param installedBy recorded in the history, or {@code null} for the database user
 * @param applicationName shown in the database's session list while a migration runs
 */
public record ExecutionSettings(@Nullable Duration lockTimeout, @Nullable Duration statementTimeout, int lockRetries,
		@Nullable String installedBy, String applicationName) {
}
