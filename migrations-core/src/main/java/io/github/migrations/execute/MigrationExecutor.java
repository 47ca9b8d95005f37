package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.sql.DataSource;

import io.github.migrations.Direction;
import io.github.migrations.JavaMigration;
import io.github.migrations.LockLostException;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationListener;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.execute.StepRunner.HistoryChange;
import io.github.migrations.execute.StepRunner.Work;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.history.BackfillProgressTable;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.lock.LockLease;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.ScriptSection;
import io.github.migrations.parse.ScriptSections;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Runs one migration in one direction and records it in the history.
 * <ol>
 * <li>Transactional: one transaction holds, in order, the transaction-scoped settings and the
 * lock's fence check (one round trip), the statements (or the Java code), a last lease extension
 * (long transactions only) and the history change; then it commits (where the dialect allows,
 * the history row and the commit are one round trip). Any failure rolls all of it back. A lock
 * timeout retries the whole transaction with exponential backoff and jitter.</li>
 * <li>Non-transactional: auto-commit, the fence proven before each statement (so a runner that
 * lost the lock stops before the next one; a proof with nothing run since counts, see
 * {@link LockLease#checkBeforeStatement()}); on failure a history row marks the database dirty.</li>
 * <li>Afterwards the session is reset (search_path, role, settings the migration changed) before
 * the connection goes back to its pool.</li>
 * <li>A failure becomes one exception: the lost lock when the dialect says the statement was
 * cancelled or the connection lost and the lease confirms it, else a
 * {@link io.github.migrations.MigrationExecutionException} that says what to do.</li>
 * </ol>
 * {@link StepRunner} runs each attempt; {@link StepFailure} words the exception.
 */
public final class MigrationExecutor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(MigrationExecutor.class);

	private final DataSource dataSource;

	private final Dialect dialect;

	private final SchemaHistory history;

	private final MigrationParser parser;

	private final ExecutionSettings settings;

	private final MigrationListener listener;

	private final StepRunner steps;

	private final PipelinedStep pipeline;

	/**
	 * @param listener receives what Java migrations report through their context (backfill
	 * progress)
	 */
	public MigrationExecutor(DataSource dataSource, Dialect dialect, SchemaHistory history,
			ExecutionSettings settings, MigrationListener listener) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.history = history;
		this.parser = new MigrationParser(dialect.splitter());
		this.settings = settings;
		this.listener = listener;
		this.steps = new StepRunner(dataSource, dialect, settings);
		this.pipeline = new PipelinedStep(this.steps, dialect, history, settings);
	}

	/**
	 * Gives back the connection kept between the steps of a run (where DDL commits by itself), with
	 * the session's lock timeouts reset; call once the run's migrations are done. Never throws; the
	 * executor can run further steps afterwards (on a fresh connection).
	 */
	@Override
	public void close() {
		this.steps.close();
	}

	/**
	 * Splits a SQL migration's sections without running them, so that an unterminated quote or
	 * comment anywhere in the pending set fails the run before the first migration is applied.
	 * @throws io.github.migrations.MigrationParseException naming file, line and fix
	 */
	public void check(ResolvedMigration migration) {
		if (migration.javaMigration() != null) {
			return;
		}
		ScriptSections sections = migration.sections();
		if (migration.upStatements().isEmpty()) {
			throw new io.github.migrations.MigrationParseException(migration.location(), sections.up().firstLine() - 1,
					"The Up section has no statement",
					"Add the SQL to apply after '-- +migrate Up', or delete the file if it has nothing to do");
		}
		// the Down section too: a malformed one would otherwise fail only the rollback
		migration.downStatements();
	}

	/**
	 * Applies a migration and records its row (a repeatable one's replaces the row of its last run).
	 * @return the execution time in milliseconds
	 */
	public long apply(ResolvedMigration migration, int batch, LockLease lease) {
		return apply(migration, batch, lease, MigrationHook.NONE);
	}

	/**
	 * Applies a migration with work around it (the per-migration callbacks), in its transaction,
	 * and records its row.
	 * @return the execution time in milliseconds
	 */
	public long apply(ResolvedMigration migration, int batch, LockLease lease, MigrationHook hook) {
		return apply(migration, batch, lease, hook, null);
	}

	/**
	 * Applies a migration as {@link #apply(ResolvedMigration, int, LockLease, MigrationHook)}
	 * does, or, after a repair in mode resume, from statement {@code resumeFrom} (0-based) on:
	 * the statements before it took effect in the run that failed, and the migration's row (the
	 * failed one) is rewritten with the outcome.
	 * @param resumeFrom the first statement to run, or {@code null} for all of them
	 * @return the execution time in milliseconds
	 */
	public long apply(ResolvedMigration migration, int batch, LockLease lease, MigrationHook hook,
			@Nullable Integer resumeFrom) {
		JavaMigration java = migration.javaMigration();
		boolean transactional;
		List<SqlStatement> statements;
		String rollbackSql = null;
		boolean downTransactional = true;
		if (java != null) {
			transactional = java.isTransactional();
			statements = List.of();
		}
		else {
			ScriptSections sections = migration.sections();
			statements = migration.upStatements();
			if (resumeFrom != null) {
				statements = statements.subList(Math.min(resumeFrom, statements.size()), statements.size());
			}
			transactional = this.dialect.runsInTransaction(sections.up().transactional(), statements);
			if (sections.down() != null) {
				rollbackSql = migration.downText();
				downTransactional = sections.down().transactional();
			}
		}
		// a repeatable's row replaces the one of its last run (no version: its name identifies it)
		boolean repeatable = migration.kind() == MigrationKind.REPEATABLE;
		String storedRollback = rollbackSql;
		boolean storedDownTransactional = downTransactional;
		if (pipelines(migration, hook, resumeFrom)) {
			List<PipelinedStep.Member> member = List.of(member(migration, batch));
			return run(migration.descriptor(), Direction.UP, true,
					() -> this.pipeline.apply(member, lease, changesSession(migration.upStatements())),
					lease, new Progress(0, false, null));
		}
		// where DDL commits by itself, a versioned SQL migration run statement by statement counts
		// the statements that took effect: the lock row holds the count while it runs, a failure
		// records it, and a repair can resume after them
		boolean tracked = !transactional && java == null && !repeatable && !this.dialect.supportsTransactionalDdl();
		Progress progress = new Progress((resumeFrom != null) ? resumeFrom : 0, resumeFrom != null,
				tracked ? migration.version().toString() : null);
		List<SqlStatement> run = statements;
		Work work = (connection) -> {
			hook.run(connection, migration.descriptor(), true);
			if (hook != MigrationHook.NONE) {
				// the callbacks ran after the step's proof: the first statement needs its own
				lease.spend();
			}
			if (java != null) {
				java.up(context(connection, migration.descriptor(), lease));
			}
			else {
				runStatements(connection, "migration " + migration.descriptor().label(), run, lease, transactional, progress);
			}
			hook.run(connection, migration.descriptor(), false);
		};
		HistoryChange record = new HistoryChange() {

			@Override
			public void apply(Connection connection, long elapsedMillis, boolean success) throws SQLException {
				if (repeatable) {
					MigrationExecutor.this.history.recordRepeatable(connection, new AppliedRepeatable(migration.name(),
							migration.checksum(), null, elapsedMillis, batch, installedBy(connection), success));
				}
				else if (progress.resumed) {
					MigrationExecutor.this.history.replace(connection, row(connection, elapsedMillis, success));
				}
				else if (success || progress.tookEffect()) {
					MigrationExecutor.this.history.insert(connection, row(connection, elapsedMillis, success));
				}
			}

			/**
			 * Where DDL commits by itself, the row of a migration that succeeded statement by
			 * statement is written only while the lock is ours, by one fenced insert: the proof and
			 * the row in one round trip, and the proof for the next migration's first statement.
			 */
			@Override
			public void applyFenced(Connection connection, long elapsedMillis, LockLease lease) throws SQLException {
				if (repeatable || progress.resumed || MigrationExecutor.this.dialect.supportsTransactionalDdl()) {
					HistoryChange.super.applyFenced(connection, elapsedMillis, lease);
					return;
				}
				AppliedMigration row = row(connection, elapsedMillis, true);
				lease.fencedWrite(connection,
						(fencedRows, fence) -> MigrationExecutor.this.history.insertFenced(connection, row, fencedRows, fence));
			}

			/**
			 * A versioned SQL migration's row can be the proof of its transaction's fence: an
			 * insert selected from the lock row, which holds the row to the commit where the
			 * lease allows ({@link LockLease#fencesAtCommit()}).
			 */
			@Override
			public boolean fencesItself() {
				return java == null && hook == MigrationHook.NONE && !repeatable && !progress.resumed;
			}

			@Override
			public void applyFenced(Connection transaction, long elapsedMillis, LockLease lease,
					StepRunner.Commit commit) throws SQLException {
				AppliedMigration row = row(transaction, elapsedMillis, true);
				lease.fencedWriteBeforeCommit(transaction, (fencedRows, fence) -> MigrationExecutor.this.history
					.insertFenced(transaction, row, fencedRows, fence));
				commit.run();
			}

			@Override
			public void applyAndCommit(Connection connection, long elapsedMillis) throws SQLException {
				if (repeatable || progress.resumed) {
					apply(connection, elapsedMillis, true);
					connection.commit();
				}
				else {
					MigrationExecutor.this.history.insertAndCommit(connection, row(connection, elapsedMillis, true));
				}
			}

			private AppliedMigration row(Connection connection, long elapsedMillis, boolean success)
					throws SQLException {
				return new AppliedMigration(migration.version(), migration.name(), migration.kind(),
						migration.checksum(), null, elapsedMillis, batch, installedBy(connection), success,
						storedRollback, storedDownTransactional,
						(!success && progress.tracked) ? Integer.valueOf(progress.done) : null, null);
			}

		};
		return run(migration.descriptor(), Direction.UP, transactional, work, record, lease,
				java != null || hook != MigrationHook.NONE || changesSession(statements), progress);
	}

	/**
	 * After the lock was taken: where the previous holder stopped holding it in the middle of a
	 * migration run statement by statement ({@link LockLease#interrupted()}: its process died, or
	 * it lost the lock), records that migration failed with the statements that took effect,
	 * unless its history row says it finished or records as much. The database is dirty then, as
	 * after a failure the runner saw, and a migrate stops at its validation until a repair.
	 * @param local the local migrations (the row is made from the file)
	 * @return whether the history changed
	 */
	public void recordInterrupted(LockLease.Interrupted interrupted, List<ResolvedMigration> local,
			LockLease lease) {
		ResolvedMigration file = null;
		for (ResolvedMigration migration : local) {
			if (migration.kind() != MigrationKind.REPEATABLE && migration.javaMigration() == null
					&& migration.version().toString().equals(interrupted.version())) {
				file = migration;
			}
		}
		int done = interrupted.statementsDone();
		String leftPartWay = "The runner that held the migration lock before this one stopped in the middle of migration "
				+ interrupted.version() + ", after " + done + " of its statements took effect";
		try (Connection connection = this.dataSource.getConnection()) {
			if (this.history.stampIfExists(connection) == null) {
				// dropped by hand since: the adoption of the schema decides what comes next
				logger.error("{}, and the history table {} is gone; the database may be dirty", leftPartWay,
						this.history.qualifiedTable());
				return;
			}
			AppliedMigration row = this.history.readAllIfExists(connection)
				.stream()
				.filter((applied) -> applied.version().toString().equals(interrupted.version()))
				.findFirst()
				.orElse(null);
			Integer recorded = (row != null) ? row.statementsDone() : null;
			if ((row != null && row.success()) || (recorded != null && recorded >= done)) {
				return;
			}
			if (row == null && file == null) {
				logger.error("{}, and there is no file for it here to record it by; the database may be dirty",
						leftPartWay);
				return;
			}
			this.history.allowProgress(connection);
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				lease.fence(connection);
				if (row != null) {
					this.history.raiseProgress(connection, row.version(), done);
				}
				else {
					ResolvedMigration failed = Objects.requireNonNull(file);
					ScriptSections sections = failed.sections();
					this.history.insert(connection, new AppliedMigration(failed.version(), failed.name(), failed.kind(),
							failed.checksum(), null, 0, this.history.nextBatch(connection), installedBy(connection), false,
							(sections.down() != null) ? failed.downText() : null,
							sections.down() == null || sections.down().transactional(), done, null));
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				StepRunner.rollbackQuietly(connection);
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new MigrationException("Could not record that migration " + interrupted.version()
					+ " was left part-way: " + ex.getMessage() + " (SQLState " + ex.getSQLState() + ")",
					"Check that the database is reachable, and migrate again.", ex);
		}
		String where = "";
		if (file != null && done < file.upStatements().size()) {
			where = ", and it stopped at the one on line " + file.upStatements().get(done).line() + " of "
					+ file.location() + ", which may have taken effect too";
		}
		logger.warn("Migration {} was left part-way by the runner that held the lock before this one (its process "
				+ "died, or it lost the lock): its first {} statement{} took effect, each committed by itself{}. "
				+ "Recorded it as failed: the database is dirty until a repair.", interrupted.version(), done,
				(done == 1) ? "" : "s", where);
	}

	/**
	 * Reverts an applied migration from its stored Down SQL (or its Java {@code down}) and deletes
	 * its row.
	 * @return the execution time in milliseconds
	 */
	public long revert(AppliedMigration row, MigrationDescriptor descriptor, @Nullable JavaMigration java,
			LockLease lease) {
		return revert(row, descriptor, java, lease, 1);
	}

	/**
	 * {@link #revert(AppliedMigration, MigrationDescriptor, JavaMigration, LockLease)}, numbering
	 * the stored Down SQL's lines from {@code firstLine} (the file line of the Down section when the
	 * local file still has the same one), so errors point into the file.
	 */
	public long revert(AppliedMigration row, MigrationDescriptor descriptor, @Nullable JavaMigration java,
			LockLease lease, int firstLine) {
		boolean transactional;
		List<SqlStatement> statements;
		if (row.kind() == MigrationKind.JAVA) {
			if (java == null) {
				throw new IllegalStateException("Java migration " + row.version() + " is not available");
			}
			transactional = java.isTransactional();
			statements = List.of();
		}
		else {
			String sql = (row.rollbackSql() != null) ? row.rollbackSql() : "";
			statements = this.parser.statements(descriptor.script(),
					new ScriptSection(sql, firstLine, row.downTransactional()));
			transactional = this.dialect.runsInTransaction(row.downTransactional(), statements);
		}
		Work work = (connection) -> {
			if (java != null) {
				java.down(context(connection, descriptor, lease));
			}
			else {
				runStatements(connection, "the rollback of " + descriptor.label(), statements, lease, transactional, new Progress(0, false, null));
			}
		};
		HistoryChange remove = (connection, elapsed, success) -> {
			if (success) {
				if (row.kind() == MigrationKind.JAVA) {
					// before the history row: a re-apply must run its backfills again, never find
					// them done (the other order would leave that window on a crash in between)
					BackfillProgressTable.of(this.dialect, this.history.qualifiedTable()).forget(connection,
							row.version());
				}
				this.history.delete(connection, row.version());
			}
			else {
				this.history.markFailed(connection, row.version());
			}
		};
		return run(descriptor, Direction.DOWN, transactional, work, remove, lease,
				java != null || changesSession(statements), new Progress(0, false, null));
	}

	private long run(MigrationDescriptor migration, Direction direction, boolean transactional, Work work,
			HistoryChange change, LockLease lease, boolean resetSession, Progress progress) {
		return run(migration, direction, transactional,
				() -> transactional ? this.steps.inTransaction(work, change, lease, resetSession)
						: this.steps.withoutTransaction(migration, direction, work, change, lease, resetSession),
				lease, progress);
	}

	private long run(MigrationDescriptor migration, Direction direction, boolean transactional, Attempt once,
			LockLease lease, Progress progress) {
		int attempt = 0;
		while (true) {
			try {
				return once.run();
			}
			catch (LockLostException lost) {
				// refused by the fence (before any work, or at its end), or stopped by a lost lock
				throw interrupted(lost, migration, direction, transactional, progress, null);
			}
			catch (StepFailure failure) {
				SQLException sql = failure.sqlException();
				// in a group, the migration the failed statement belongs to
				MigrationDescriptor failed = (failure.migration() != null) ? failure.migration() : migration;
				if (failure.lockTimeoutAttempts() > 0) {
					// retried statement by statement already (DDL that commits by itself)
					lockLostInstead(failure, sql, lease, migration, direction, transactional, progress);
					throw failure.toException(failed, direction, progress.tookEffect(),
							failure.lockTimeoutAttempts(), failure.blockers(), false, this.dialect, progress.tracked);
				}
				boolean lockTimeout = transactional && sql != null && this.dialect.isLockTimeout(sql);
				List<String> blockers = lockTimeout ? lockHolders(failure.statement()) : List.of();
				if (lockTimeout && attempt < this.settings.lockRetries()) {
					attempt++;
					long backoff = ExecutionSettings.retryBackoffMillis(attempt);
					logger.warn("Migration {} hit the lock timeout (attempt {} of {}); retrying in {} ms. Blocked by: {}",
							migration.label(), attempt, this.settings.lockRetries() + 1, backoff,
							blockers.isEmpty() ? "unknown" : String.join("; ", blockers));
					sleep(backoff);
					continue;
				}
				lockLostInstead(failure, sql, lease, migration, direction, transactional, progress);
				throw failure.toException(failed, direction, !transactional && progress.tookEffect(),
						lockTimeout ? attempt + 1 : 0, blockers, sql != null && this.dialect.isConnectionLost(sql),
						this.dialect, progress.tracked);
			}
		}
	}

	/**
	 * Whether a migration may join a group ({@code migrations.group}): a transactional SQL
	 * migration, versioned, run whole, without per-migration callbacks, on a database that
	 * pipelines. Any other ends a group and runs by itself.
	 */
	public boolean groupable(ResolvedMigration migration, MigrationHook hook, @Nullable Integer resumeFrom) {
		return pipelines(migration, hook, resumeFrom);
	}

	/**
	 * Applies migrations that are {@link #groupable} in one transaction: one fence, their
	 * statements and rows, one commit; all of them or none. A lock timeout retries the whole group.
	 * @return the time the group took in milliseconds
	 * @throws io.github.migrations.MigrationExecutionException naming the failing migration's file
	 * and line, and saying that nothing of the group was applied
	 */
	public long applyGroup(List<ResolvedMigration> group, int batch, LockLease lease) {
		List<PipelinedStep.Member> members = new ArrayList<>(group.size());
		boolean resetSession = false;
		for (ResolvedMigration migration : group) {
			members.add(member(migration, batch));
			resetSession |= changesSession(migration.upStatements());
		}
		boolean reset = resetSession;
		MigrationDescriptor first = group.get(0).descriptor();
		String label = "the group of " + group.size() + " migrations from " + first.label() + " to "
				+ group.get(group.size() - 1).descriptor().label();
		// how the lost lock and the lock timeout name the group: by its first migration
		MigrationDescriptor named = new MigrationDescriptor(first.version(),
				first.name() + " (first of " + label + ")", first.kind(), first.script());
		return run(named, Direction.UP, true, () -> {
			try {
				return this.pipeline.apply(members, lease, reset);
			}
			catch (StepFailure failure) {
				throw failure.group(label);
			}
		}, lease, new Progress(0, false, null));
	}

	private boolean pipelines(ResolvedMigration migration, MigrationHook hook, @Nullable Integer resumeFrom) {
		if (!this.dialect.pipelines() || migration.javaMigration() != null || hook != MigrationHook.NONE
				|| resumeFrom != null || migration.kind() == MigrationKind.REPEATABLE) {
			return false;
		}
		return this.dialect.runsInTransaction(migration.sections().up().transactional(), migration.upStatements());
	}

	private PipelinedStep.Member member(ResolvedMigration migration, int batch) {
		ScriptSections sections = migration.sections();
		String rollbackSql = (sections.down() != null) ? migration.downText() : null;
		boolean downTransactional = sections.down() == null || sections.down().transactional();
		return new PipelinedStep.Member(migration.descriptor(), migration.upStatements(),
				(connection) -> new AppliedMigration(migration.version(), migration.name(), migration.kind(),
						migration.checksum(), null, 0, batch, installedBy(connection), true, rollbackSql,
						downTransactional, null, null));
	}

	/**
	 * Who held the locks the timed-out statement waited for, read on a second connection (the
	 * migration's transaction has ended, its connection is back in the pool); a rare path, so
	 * the extra connection costs nothing in the common case.
	 */
	private List<String> lockHolders(@Nullable SqlStatement statement) {
		try (Connection connection = this.dataSource.getConnection()) {
			return this.dialect.describeLockHolders(connection, (statement != null) ? statement.sql() : null,
					this.settings.lockTimeout());
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Could not read the sessions holding the locks", ex);
			return List.of();
		}
	}

	/**
	 * A statement cancelled or a session ended is often the lock being lost: the heartbeat
	 * cancelling the statement, or the server ending the idle transaction of a runner paused past
	 * its lease. Then report the lost lock, never the statement, whichever noticed first.
	 */
	private void lockLostInstead(StepFailure failure, @Nullable SQLException sql, LockLease lease,
			MigrationDescriptor migration, Direction direction, boolean transactional, Progress progress) {
		boolean idle = sql != null && this.dialect.isIdleInTransactionTimeout(sql);
		if (lease.isLost() || idle
				|| (sql != null && (this.dialect.isConnectionLost(sql) || this.dialect.isCancelled(sql)))) {
			try {
				lease.verifyAfterSessionEnded(idle);
			}
			catch (LockLostException lost) {
				throw interrupted(lost, migration, direction, transactional, progress, failure.getCause());
			}
			catch (RuntimeException ex) {
				// The database is unreachable: the original failure says more.
			}
		}
	}

	/**
	 * The loss, reported for the migration it interrupted: for one whose statements are counted,
	 * with what the runner that takes over finds in the lock row.
	 */
	private static LockLostException interrupted(LockLostException lost, MigrationDescriptor migration,
			Direction direction, boolean transactional, Progress progress, @Nullable Throwable cause) {
		if (progress.tracked) {
			return lost.interruptedCounted(migration.label(), migration.script(), progress.recorded, cause);
		}
		return lost.interrupted(migration.label(), migration.script(), transactional, direction, cause);
	}

	/**
	 * Runs the statements, counting those that took effect in {@code progress} (where it is
	 * tracked, recorded in the lock row before each statement past the first). Where DDL commits
	 * by itself, a statement run without a transaction that hits the lock timeout (a metadata
	 * lock held by another session's open transaction) is retried by itself, with the same
	 * backoff as a transaction: it changed nothing, and the statements before it stay done.
	 */
	private void runStatements(Connection connection, String what, List<SqlStatement> statements, LockLease lease,
			boolean transactional, Progress progress) throws Exception {
		boolean retryStatements = !transactional && !this.dialect.supportsTransactionalDdl();
		try (Statement jdbc = connection.createStatement()) {
			for (SqlStatement statement : statements) {
				for (int attempt = 0;; attempt++) {
					if (!transactional && attempt == 0 && progress.recordsBefore()) {
						// the proof, and the count of the statements before it, for a runner taking over
						lease.recordProgress(connection, Objects.requireNonNull(progress.version), progress.done);
						progress.recorded = true;
					}
					else if (!transactional) {
						lease.checkBeforeStatement();
					}
					lease.running(jdbc);
					try {
						this.dialect.execute(connection, jdbc, statement);
						break;
					}
					catch (SQLException ex) {
						if (lease.isLost()) {
							throw new StepFailure(ex, statement).lockLost(lease);
						}
						if (!retryStatements || !this.dialect.isLockTimeout(ex)) {
							throw new StepFailure(ex, statement);
						}
						List<String> blockers = lockHolders(statement);
						if (attempt >= this.settings.lockRetries()) {
							throw new StepFailure(ex, statement).lockTimeouts(attempt + 1, blockers);
						}
						long backoff = ExecutionSettings.retryBackoffMillis(attempt + 1);
						logger.warn("Statement on line {} of {} hit the lock timeout (attempt {} of {}); retrying it in {} "
								+ "ms. Blocked by: {}", statement.line(), what, attempt + 1,
								this.settings.lockRetries() + 1, backoff,
								blockers.isEmpty() ? "unknown" : String.join("; ", blockers));
						sleep(backoff);
					}
					finally {
						lease.running(null);
					}
				}
				progress.done++;
			}
		}
	}

	/**
	 * How far a migration run statement by statement got.
	 */
	private static final class Progress {

		final boolean resumed;

		final boolean tracked;

		// the migration's version where tracked
		final @Nullable String version;

		private final int start;

		int done;

		// whether this run recorded a count in the lock row, which a runner taking over reads
		boolean recorded;

		/**
		 * @param start the statements that took effect before this run (resumed from there)
		 * @param resumed whether a repair let it resume (its failed row exists)
		 * @param version the migration's version where the statements that took effect are
		 * counted and recorded, else {@code null}
		 */
		Progress(int start, boolean resumed, @Nullable String version) {
			this.start = start;
			this.resumed = resumed;
			this.version = version;
			this.tracked = version != null;
			this.done = start;
		}

		/**
		 * Whether the next statement's proof records the count: tracked, and a statement of
		 * this run took effect (before that, the history row says as much).
		 */
		boolean recordsBefore() {
			return this.version != null && this.done > this.start;
		}

		/**
		 * Whether a failure leaves something behind: untracked, anything may have; tracked, a
		 * statement took effect (a DDL statement is atomic on MariaDB 10.6+ and MySQL 8.0), or a
		 * resumed run's failed row is there.
		 */
		boolean tookEffect() {
			return !this.tracked || this.resumed || this.done > this.start;
		}

	}

	/**
	 * Whether a statement may change session state ({@code SET search_path}, {@code SET ROLE},
	 * {@code set_config(..., false)}: the dialect tells); only then is the session reset
	 * afterwards (a round trip saved for every other migration). Java migrations are always reset.
	 */
	private boolean changesSession(List<SqlStatement> statements) {
		for (SqlStatement statement : statements) {
			if (this.dialect.changesSession(statement)) {
				return true;
			}
		}
		return false;
	}

	private MigrationContext context(Connection connection, MigrationDescriptor migration, LockLease lease) {
		return new MigrationContext(connection, new JdbcTemplate(new SingleConnectionDataSource(connection, true)),
				this.dialect.vendor(), new FencedMigrationRuntime(connection, migration, lease, this.dialect,
						this.settings, this.listener, this.history.qualifiedTable()));
	}

	private @Nullable String installedBy(Connection connection) throws SQLException {
		return (this.settings.installedBy() != null) ? this.settings.installedBy()
				: this.history.currentUser(connection);
	}

	/**
	 * One attempt at a step.
	 */
	@FunctionalInterface
	private interface Attempt {

		long run();

	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationException("Interrupted while waiting to retry a migration", "", ex);
		}
	}

}
