package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.CommitTimeoutException;
import io.github.migrations.dialect.Dialect;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the wait of a commit, which neither the statement nor the lock timeout covers: on
 * PostgreSQL a commit waits for the synchronous standbys ({@code synchronous_standby_names}),
 * for ever when they are down.
 * <ol>
 * <li>a timer is set for {@code migrations.commit-timeout} before the commit is sent;</li>
 * <li>when it goes off first, the commit's session is cancelled through the dialect (pgjdbc's
 * cancel request); PostgreSQL then ends the wait with a WARNING and the commit returns: the
 * transaction is committed on the primary, only not confirmed by a standby;</li>
 * <li>a commit that returns after the timer went off is reported as a
 * {@link CommitTimeoutException} (committed, not replicated); one that failed after it was
 * cancelled before it committed, and fails as it is.</li>
 * </ol>
 */
final class CommitWatch {

	private static final Logger logger = LoggerFactory.getLogger(CommitWatch.class);

	/** The transaction of a commit whose caller does not know the migration. */
	static final String ANONYMOUS = "a migration's transaction";

	private static final int RUNNING = 0;

	private static final int DONE = 1;

	private static final int CANCELLED = 2;

	private static final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "migrations-commit-watch");
		thread.setDaemon(true);
		return thread;
	});

	private CommitWatch() {
	}

	/**
	 * Runs {@code commit} (the statements that end with the commit) with its wait bounded.
	 * @param what the transaction, for the message ({@code migration 3 (3_add_index.sql)})
	 * @param timeout {@code null}: unbounded
	 * @throws CommitTimeoutException when the commit returned only after it was cancelled
	 */
	static void commit(Connection connection, Dialect dialect, @Nullable Duration timeout, String what, Commit commit)
			throws SQLException {
		if (timeout == null) {
			commit.run();
			return;
		}
		AtomicInteger state = new AtomicInteger(RUNNING);
		ScheduledFuture<?> alarm = timer.schedule(() -> cancel(connection, dialect, timeout, what, state),
				timeout.toNanos(), TimeUnit.NANOSECONDS);
		try {
			commit.run();
		}
		finally {
			state.compareAndSet(RUNNING, DONE);
			alarm.cancel(false);
		}
		if (state.get() == CANCELLED) {
			throw new CommitTimeoutException(what, timeout);
		}
	}

	private static void cancel(Connection connection, Dialect dialect, Duration timeout, String what,
			AtomicInteger state) {
		if (!state.compareAndSet(RUNNING, CANCELLED)) {
			return;
		}
		logger.warn("The commit of {} has waited {} ms (for synchronous standbys?); cancelling the wait", what,
				timeout.toMillis());
		try {
			if (!dialect.cancel(connection)) {
				logger.warn("{} offers no way to cancel a commit; it goes on waiting", dialect.vendor());
				state.set(DONE);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not cancel the commit of {}: {}", what, ex.getMessage());
			state.set(DONE);
		}
	}

	/**
	 * What ends with the commit.
	 */
	@FunctionalInterface
	interface Commit {

		void run() throws SQLException;

	}

}
