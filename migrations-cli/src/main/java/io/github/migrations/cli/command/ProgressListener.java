package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationListener;

/**
 * Prints one line per migration: {@code [n/N] up 20240115120000 add_users ... 12 ms}. On a
 * terminal the line is written when the migration starts and completed when it ends, and a slow
 * migration shows its elapsed time; otherwise (a pipe, a CI log) only whole lines are written, when
 * each migration ends.
 */
public final class ProgressListener implements MigrationListener {

	private final PrintStream out;

	private final int total;

	private final boolean terminal;

	private final AtomicInteger done = new AtomicInteger();

	/**
	 * Creates the listener.
	 * @param out where to print
	 * @param total how many migrations the run is expected to run (N)
	 * @param terminal whether {@code out} is a terminal
	 */
	public ProgressListener(PrintStream out, int total, boolean terminal) {
		this.out = out;
		this.total = total;
		this.terminal = terminal;
	}

	@Override
	public void migrationStarted(MigrationDescriptor migration, Direction direction) {
		if (this.terminal) {
			this.out.print(prefix(this.done.get() + 1, migration, direction) + " ...");
			this.out.flush();
		}
	}

	@Override
	public void migrationSlow(MigrationDescriptor migration, Direction direction, Duration elapsed) {
		if (this.terminal) {
			this.out.print("\r" + prefix(this.done.get() + 1, migration, direction) + " ... " + elapsed.toSeconds()
					+ " s");
			this.out.flush();
		}
	}

	@Override
	public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
		end(migration, direction, duration.toMillis() + " ms");
	}

	@Override
	public void migrationFailed(MigrationDescriptor migration, Direction direction, Duration duration,
			Throwable failure) {
		end(migration, direction, "FAILED after " + duration.toMillis() + " ms");
	}

	private void end(MigrationDescriptor migration, Direction direction, String outcome) {
		int n = this.done.incrementAndGet();
		String line = prefix(n, migration, direction) + " ... " + outcome;
		this.out.println(this.terminal ? "\r" + line : line);
	}

	private String prefix(int n, MigrationDescriptor migration, Direction direction) {
		return "[" + n + "/" + Math.max(n, this.total) + "] " + direction.name().toLowerCase(Locale.ROOT)
				+ " " + migration.label();
	}

}
