package io.github.migrations.rollback;

import java.time.Duration;
import java.util.List;

/**
 * What a rollback reverted, or, for a dry run, would revert, newest first.
 *
 * @param dryRun whether nothing was changed
 * @param steps the migrations, in the order they were (would be) reverted
 * @param duration how long it took
 * @param warnings differences noticed (a local Down section that differs from the stored one)
 */
public record RollbackResult(boolean dryRun, List<RollbackStep> steps, Duration duration, List<String> warnings) {
}
