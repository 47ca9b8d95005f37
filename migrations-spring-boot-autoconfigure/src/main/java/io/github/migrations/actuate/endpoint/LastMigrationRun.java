package io.github.migrations.actuate.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.migrations.MigrationListener;
import io.github.migrations.RunResult;
import io.github.migrations.preflight.PreflightResult;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the last migrate or rollback run of this instance, so that the endpoint can say how
 * long it waited for the lock (the history table does not record that), and the findings of the
 * last pre-flight checks.
 */
public class LastMigrationRun implements MigrationListener {

	private final AtomicReference<@Nullable RunResult> last = new AtomicReference<>();

	private final AtomicReference<@Nullable PreflightRun> preflight = new AtomicReference<>();

	@Override
	public void runFinished(RunResult result) {
		if (!"validate".equals(result.operation())) {
			this.last.set(result);
		}
	}

	@Override
	public void preflightChecked(List<PreflightResult> results) {
		this.preflight.set(new PreflightRun(Instant.now(), List.copyOf(results)));
	}

	/**
	 * The last run of this instance, or {@code null} when none has finished yet.
	 */
	public @Nullable RunResult get() {
		return this.last.get();
	}

	/**
	 * The last pre-flight checks of this instance, or {@code null} when none ran yet (they run
	 * only when migrations are pending).
	 */
	public @Nullable PreflightRun preflight() {
		return this.preflight.get();
	}

	/**
	 * The findings of one run's pre-flight checks.
	 *
	 * @param checkedAt when the checks ended
	 * @param results every finding, in check order
	 */
	public record PreflightRun(Instant checkedAt, List<PreflightResult> results) {
	}

}
