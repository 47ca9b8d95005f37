package io.github.migrations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one run did.
 *
 * @param operation {@code migrate} or {@code rollback}
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param lockWait how long the lock was waited for
 * @param batch the batch number of this run's migrations: 0 when it had none to apply (a run whose
 * first migration failed names the batch it had opened)
 * @param migrations the migrations that ran successfully, in order
 * @param failure the failure that ended the run, or {@code null}
 * @param imported the foreign history this run imported (its first run only), or {@code null}
 */
public record RunResult(String operation, Instant startedAt, Instant finishedAt, Duration lockWait, int batch,
		List<MigrationDescriptor> migrations, @Nullable Throwable failure, @Nullable ImportedHistory imported) {

	public RunResult(String operation, Instant startedAt, Instant finishedAt, Duration lockWait, int batch,
			List<MigrationDescriptor> migrations, @Nullable Throwable failure) {
		this(operation, startedAt, finishedAt, lockWait, batch, migrations, failure, null);
	}

	public boolean successful() {
		return this.failure == null;
	}

	public Duration duration() {
		return Duration.between(this.startedAt, this.finishedAt);
	}

}
