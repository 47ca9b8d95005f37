package io.github.migrations.run;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.github.migrations.Direction;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;
import io.github.migrations.ReplicationPause;
import io.github.migrations.RunResult;
import io.github.migrations.backfill.BackfillProgress;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.preflight.PreflightResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the listeners; a listener that throws is logged and ignored, never allowed
 * to fail a migration.
 */
final class MigrationEvents implements MigrationListener {

	private static final Logger logger = LoggerFactory.getLogger(MigrationEvents.class);

	private final List<MigrationListener> listeners;

	MigrationEvents(List<MigrationListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void runStarted(String operation) {
		each((l) -> l.runStarted(operation));
	}

	@Override
	public void migrationsLinted(List<LintViolation> violations) {
		each((l) -> l.migrationsLinted(violations));
	}

	@Override
	public void preflightChecked(List<PreflightResult> results) {
		each((l) -> l.preflightChecked(results));
	}

	@Override
	public void lockWaited(Duration waited, boolean acquired) {
		each((l) -> l.lockWaited(waited, acquired));
	}

	@Override
	public void historyImported(ImportedHistory imported) {
		each((l) -> l.historyImported(imported));
	}

	@Override
	public void migrationStarted(MigrationDescriptor migration, Direction direction) {
		each((l) -> l.migrationStarted(migration, direction));
	}

	@Override
	public void migrationSlow(MigrationDescriptor migration, Direction direction, Duration elapsed) {
		each((l) -> l.migrationSlow(migration, direction, elapsed));
	}

	@Override
	public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
		each((l) -> l.migrationSucceeded(migration, direction, duration));
	}

	@Override
	public void migrationFailed(MigrationDescriptor migration, Direction direction, Duration duration,
			Throwable failure) {
		each((l) -> l.migrationFailed(migration, direction, duration, failure));
	}

	@Override
	public void runFinished(RunResult result) {
		each((l) -> l.runFinished(result));
	}

	@Override
	public void backfillProgress(MigrationDescriptor migration, BackfillProgress progress) {
		each((l) -> l.backfillProgress(migration, progress));
	}

	@Override
	public void replicationPaused(MigrationDescriptor migration, ReplicationPause pause) {
		each((l) -> l.replicationPaused(migration, pause));
	}

	private void each(Consumer<MigrationListener> call) {
		for (MigrationListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Migration listener {} failed; ignoring it", listener.getClass().getName(), ex);
			}
		}
	}

}
