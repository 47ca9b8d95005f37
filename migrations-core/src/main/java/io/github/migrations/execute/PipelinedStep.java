package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.github.migrations.CommitTimeoutException;
import io.github.migrations.LockLostException;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationVersion;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.lock.LockLease;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * Runs transactional SQL migrations once as a {@link Pipeline}, where the dialect
 * {@link Dialect#pipelines() pipelines}: the transactional counterpart of
 * {@link StepRunner#inTransaction} at one round trip per migration. The {@link MigrationExecutor}
 * decides about retries and the exception.
 * <ol>
 * <li>One transaction, on a connection of its own: the fence (settings, the lock row locked, an
 * error when the lock is not ours), each migration's statements, its history row with the last
 * lease extension in the same statement (written only when the lease is a third used), then
 * {@code COMMIT}; queued and sent together (the {@code COMMIT} by itself, under the commit
 * timeout, when it may wait for synchronous standbys), a statement that cannot ride in a batch run by itself
 * in between.</li>
 * <li>A group (group mode) is several migrations in that one transaction, one fence, one commit.</li>
 * <li>The server measures each migration's execution time as the batch runs: from the start of
 * the transaction (or, in a group, from the previous migration's row) to its row.</li>
 * <li>Any failure rolls all of it back; a refused fence becomes the {@link LockLostException},
 * after the rollback. Auto-commit is restored and the session reset when a statement may have
 * changed it.</li>
 * </ol>
 */
final class PipelinedStep {

	private final StepRunner steps;

	private final Dialect dialect;

	private final SchemaHistory history;

	private final ExecutionSettings settings;

	/** Whether commits may wait for synchronous standbys: asked once, when a commit timeout is set. */
	private @Nullable Boolean commitWaits;

	PipelinedStep(StepRunner steps, Dialect dialect, SchemaHistory history, ExecutionSettings settings) {
		this.steps = steps;
		this.dialect = dialect;
		this.history = history;
		this.settings = settings;
	}

	/**
	 * Applies the migrations, in order, in one transaction.
	 * @return the time the client waited for it, in milliseconds
	 */
	long apply(List<Member> members, LockLease lease, boolean resetSession) {
		try {
			boolean commitApart = commitMayWait();
			return apply(members, lease, resetSession, commitApart);
		}
		catch (SQLException ex) {
			throw new StepFailure(ex, null);
		}
	}

	private long apply(List<Member> members, LockLease lease, boolean resetSession, boolean commitApart) {
		Connection connection = null;
		boolean succeeded = false;
		try {
			connection = this.steps.take();
			boolean autoCommit = connection.getAutoCommit();
			try {
				connection.setAutoCommit(false);
				long started = System.nanoTime();
				try (Pipeline pipeline = new Pipeline(connection, this.dialect, lease)) {
					String fence = lease.pipelinedFence(this.settings.transactionSettings(this.dialect, lease));
					if (fence == null) {
						throw new IllegalStateException("The lock of " + this.dialect.vendor() + " has no pipelined fence");
					}
					pipeline.fence(fence);
					boolean group = members.size() > 1;
					MigrationVersion previous = null;
					for (Member member : members) {
						pipeline.migration(member.migration());
						for (SqlStatement statement : member.statements()) {
							pipeline.statement(statement);
						}
						String since = (previous != null) ? this.history.executedAtOf(previous) : null;
						// the last lease extension rides in the history row's statement
						pipeline.bookkeeping(this.history.insertStatement(member.row().of(connection),
								this.dialect.elapsedMillisSince(since), group ? this.dialect.clock() : null,
								lease.pipelinedExtension()));
						previous = member.migration().version();
					}
					if (commitApart) {
						// the statements' time must not count against the commit's timeout
						pipeline.flush();
						CommitWatch.commit(connection, this.dialect, this.settings.commitTimeout(),
								"migration " + members.get(0).migration().label(), connection::commit);
					}
					else {
						pipeline.commit();
					}
				}
				catch (Pipeline.FenceFailure refused) {
					StepRunner.rollbackQuietly(connection);
					lease.fenceFailed(refused.sqlException());
					throw refused;
				}
				catch (Throwable ex) {
					StepRunner.rollbackQuietly(connection);
					throw ex;
				}
				succeeded = true;
				return (System.nanoTime() - started) / 1_000_000;
			}
			finally {
				StepRunner.restoreAutoCommitQuietly(connection, autoCommit);
				if (resetSession) {
					resetQuietly(connection);
				}
			}
		}
		catch (StepFailure | LockLostException | CommitTimeoutException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new StepFailure(ex, null);
		}
		finally {
			if (connection != null) {
				// kept for the run's next step, the steps' connection: one per run, not per migration
				this.steps.giveBack(connection, succeeded);
			}
		}
	}

	/**
	 * Whether the commit must be sent by itself, under the commit timeout: asked once per run, on
	 * the steps' connection before the migration's transaction, and only when a timeout is set.
	 */
	private boolean commitMayWait() throws SQLException {
		if (this.settings.commitTimeout() == null) {
			return false;
		}
		if (this.commitWaits == null) {
			Connection connection = this.steps.take();
			boolean answered = false;
			try {
				this.commitWaits = this.dialect.commitMayWaitForStandbys(connection);
				answered = true;
			}
			finally {
				this.steps.giveBack(connection, answered);
			}
		}
		return this.commitWaits;
	}

	private void resetQuietly(Connection connection) {
		try {
			if (!connection.isClosed()) {
				this.dialect.resetSession(connection);
			}
		}
		catch (SQLException ex) {
			// the pool's own validation closes a broken connection; the migration's outcome stands
		}
	}

	/**
	 * One migration of a pipelined transaction.
	 * @param migration what it is
	 * @param statements its statements
	 * @param row its history row (the execution time is the server's)
	 */
	record Member(MigrationDescriptor migration, List<SqlStatement> statements, Row row) {
	}

	/**
	 * The history row of a member, made on the migration's connection (its user may be recorded).
	 */
	@FunctionalInterface
	interface Row {

		AppliedMigration of(Connection connection) throws SQLException;

	}

}
