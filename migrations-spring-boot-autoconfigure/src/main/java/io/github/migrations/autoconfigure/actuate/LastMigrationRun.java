package io.github.migrations.autoconfigure.actuate;

import java.util.concurrent.atomic.AtomicReference;

import io.github.migrations.MigrationListener;
import io.github.migrations.RunResult;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the last migrate or rollback run of this instance, so that the endpoint can say how
 * long it waited for the lock (the history table does not record that).
 */
public class LastMigrationRun implements MigrationListener {

	private final AtomicReference<@Nullable RunResult> last = new AtomicReference<>();

	@Override
	public void runFinished(RunResult result) {
		if (!"validate".equals(result.operation())) {
			this.last.set(result);
		}
	}

	/**
	 * The last run of this instance, or {@code null} when none has finished yet.
	 */
	public @Nullable RunResult get() {
		return this.last.get();
	}

}
