package io.github.migrations.execute;

import java.sql.SQLException;
import java.util.List;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationKind;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.lock.LockLease;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;

/**
 * Carries a failure and the statement it happened in up to the {@link MigrationExecutor}, which
 * knows the migration, and turns it into the public exception: what failed, then what to do,
 * chosen by why it failed (the lock lost, a non-transactional step stopped part-way, lock
 * timeouts, the connection lost, anything else).
 */
final class StepFailure extends RuntimeException {

	/** SQL's read_only_sql_transaction. */
	private static final String READ_ONLY_TRANSACTION = "25006";

	private final @Nullable SqlStatement statement;

	private @Nullable LockLease lostLease;

	private int lockTimeoutAttempts;

	private List<String> blockers = List.of();

	private @Nullable MigrationDescriptor migration;

	private @Nullable String group;

	StepFailure(Throwable cause, @Nullable SqlStatement statement) {
		super(cause);
		this.statement = statement;
	}

	@Nullable SqlStatement statement() {
		return this.statement;
	}

	/**
	 * The migration the statement belongs to, where one attempt runs several (a group).
	 */
	StepFailure in(@Nullable MigrationDescriptor migration) {
		this.migration = migration;
		return this;
	}

	@Nullable MigrationDescriptor migration() {
		return this.migration;
	}

	/**
	 * The attempt was a group of migrations in one transaction (group mode): the fix says that
	 * none of them was applied.
	 * @param group what the group was, for the message
	 */
	StepFailure group(String group) {
		this.group = group;
		return this;
	}

	StepFailure lockLost(LockLease lease) {
		this.lostLease = lease;
		return this;
	}

	/**
	 * The statement ended in a lock timeout on every one of {@code attempts} (retried by itself,
	 * where DDL commits by itself).
	 */
	StepFailure lockTimeouts(int attempts, List<String> blockers) {
		this.lockTimeoutAttempts = attempts;
		this.blockers = List.copyOf(blockers);
		return this;
	}

	int lockTimeoutAttempts() {
		return this.lockTimeoutAttempts;
	}

	List<String> blockers() {
		return this.blockers;
	}

	@Nullable SQLException sqlException() {
		for (Throwable t = getCause(); t != null; t = t.getCause()) {
			if (t instanceof SQLException sql) {
				return sql;
			}
		}
		return null;
	}

	/**
	 * The exception to throw.
	 * @param dirty the step ran without a transaction, so part of it took effect
	 * @param lockTimeoutAttempts how many attempts ended in a lock timeout, 0 when this one did not
	 * @param blockers the sessions that held the locks, when it was a lock timeout
	 * @param connectionLost the database says the connection was lost or the session ended
	 * @param dialect the database's dialect, for the words of the fix
	 * @param progressRecorded the failed row records how many statements took effect, so a repair
	 * can resume from the failed one
	 */
	RuntimeException toException(MigrationDescriptor migration, Direction direction, boolean dirty,
			int lockTimeoutAttempts, List<String> blockers, boolean connectionLost, Dialect dialect,
			boolean progressRecorded) {
		Throwable cause = getCause();
		if (cause instanceof MigrationException migrationException
				&& !(cause instanceof MigrationExecutionException)) {
			return migrationException;
		}
		SQLException sql = sqlException();
		String message = (sql != null) ? sql.getMessage()
				: (cause instanceof DataAccessException dae && dae.getMostSpecificCause() != null)
						? dae.getMostSpecificCause().getMessage() : String.valueOf(cause);
		String action = action(migration, direction, dirty, lockTimeoutAttempts, blockers, connectionLost, dialect,
				progressRecorded);
		if (this.group != null) {
			action = "Nothing was applied: " + this.group + " ran in one transaction (migrations.group=true), "
					+ "which was rolled back as a whole. " + action;
		}
		return new MigrationExecutionException(migration.version(), migration.script(),
				(this.statement != null) ? this.statement.line() : 0,
				(this.statement != null) ? this.statement.sql() : null, (sql != null) ? sql.getSQLState() : null,
				(direction == Direction.DOWN ? "rollback: " : "") + message, dirty, action, cause);
	}

	private String action(MigrationDescriptor migration, Direction direction, boolean dirty, int lockTimeoutAttempts,
			List<String> blockers, boolean connectionLost, Dialect dialect, boolean progressRecorded) {
		String what = (direction == Direction.UP) ? "migration" : "rollback of";
		SQLException failed = sqlException();
		if (failed != null && dialect.isStatementTimeout(failed)) {
			return ((this.statement != null) ? "The statement on line " + this.statement.line() : "The statement")
					+ " ran longer than migrations.statement-timeout allows and was stopped: make it faster (in "
					+ "batches, say) or raise the timeout. "
					+ actionAfterFailure(migration, direction, dirty, lockTimeoutAttempts, blockers, connectionLost,
							dialect, progressRecorded, what);
		}
		return actionAfterFailure(migration, direction, dirty, lockTimeoutAttempts, blockers, connectionLost, dialect,
				progressRecorded, what);
	}

	private String actionAfterFailure(MigrationDescriptor migration, Direction direction, boolean dirty,
			int lockTimeoutAttempts, List<String> blockers, boolean connectionLost, Dialect dialect,
			boolean progressRecorded, String what) {
		if (this.lostLease != null) {
			return "The lock was lost while the statement ran and the statement was cancelled; "
					+ "check why this runner was paused or cut off for longer than the lock lease.";
		}
		String lockTimeout = (lockTimeoutAttempts > 0) ? "Gave up after " + lockTimeoutAttempts
				+ ((lockTimeoutAttempts == 1) ? " attempt" : " attempts") + " on a lock timeout; "
				+ (blockers.isEmpty() ? "find the session holding the lock (" + dialect.lockViews() + ")"
						: "blocked by " + String.join("; ", blockers))
				+ ". End or shorten that transaction (" + dialect.endSessionHint() + " for a stuck one), "
				+ "or raise migrations.lock-timeout or migrations.lock-retries. " : "";
		if (dirty && progressRecorded && this.statement != null) {
			int line = this.statement.line();
			return "The " + what + " " + migration.label() + " ran statement by statement (DDL on " + dialect.vendor()
					+ " commits by itself) and stopped part-way in " + migration.script() + ". Every statement before line "
					+ line + " took effect (each committed by itself), the one on line " + line
					+ " did not; the history records how many took effect. " + lockTimeout
					+ (alreadyThere(direction, dialect) ? "What it creates exists already: an earlier run that stopped "
							+ "part-way through this migration (its runner killed, or its connection lost) may have run "
							+ "it, with no history row to say so. " : "")
					+ "Fix the statement or its cause, then repair in mode resume to run it from line " + line
					+ " on (Migrator.repair(actor, RepairMode.RESUME, false); CLI: migrations repair --resume; "
					+ "Boot: POST /actuator/migrations/repair {\"mode\":\"resume\"}) and migrate again. Or finish "
					+ "it by hand and repair in mode mark-applied (--mark-applied), or undo it by hand and repair "
					+ "in the default mode (Migrator.repair(); migrations repair) to run it again from its first "
					+ "statement.";
		}
		if (dirty) {
			String tookEffect = (this.statement != null) ? "Every statement before line " + this.statement.line()
					+ " took effect (each committed by itself), the one on line " + this.statement.line()
					+ " did not. " : "";
			return "The " + what + " " + migration.label() + " ran without a transaction and stopped part-way. "
					+ tookEffect + lockTimeout
					+ "Fix the cause, make its statements safe to re-run (IF NOT EXISTS; drop any INVALID index "
					+ "left by CREATE INDEX CONCURRENTLY), then run repair (Migrator.repair()) to clear the failed "
					+ "row and migrate again.";
		}
		if (lockTimeoutAttempts > 0) {
			return "Nothing of it was applied. " + lockTimeout.strip();
		}
		SQLException sql = sqlException();
		if (sql != null && dialect.isOutOfLocks(sql)) {
			String held = "A transaction keeps a lock on every table it creates or changes until it commits, and "
					+ "the server's lock table holds max_locks_per_transaction × (max_connections + "
					+ "max_prepared_transactions) locks for all sessions together. ";
			if (this.group != null) {
				return "The group needed more locks than the server's lock table holds. " + held
						+ "Migrate without group mode (migrations.group=false), or in parts (migrations.target, "
						+ "then the rest), or raise max_locks_per_transaction (it takes a server restart).";
			}
			return "Nothing of it was applied (its transaction was rolled back): it needed more locks than the "
					+ "server's lock table holds. " + held + "Split " + migration.script()
					+ " into several migrations, or raise max_locks_per_transaction (it takes a server restart).";
		}
		if (progressRecorded && !connectionLost) {
			String applied = "Nothing of it was applied: its first statement failed, and a statement on "
					+ dialect.vendor() + " either takes effect whole or not at all. ";
			if (alreadyThere(direction, dialect)) {
				return applied + "What it creates exists already. If an earlier run stopped part-way through this "
						+ "migration (its runner killed, or its connection lost), the statements that run got to took "
						+ "effect (DDL commits by itself) and no history row says so: drop what they created, or make "
						+ "the statements of " + migration.script() + " safe to run again (IF NOT EXISTS), and start "
						+ "again. Otherwise rename what the statement creates, or drop what is in the way.";
			}
			return applied + "Fix the statement in " + migration.script() + " and start again.";
		}
		if (connectionLost) {
			return "The connection to the database was lost while the migration ran (the server restarted, or "
					+ "the session was terminated); nothing of it was applied (its transaction was rolled back). "
					+ "Migrate again once the database is reachable.";
		}
		if (sql != null && READ_ONLY_TRANSACTION.equals(sql.getSQLState())) {
			// the server became a standby (demoted after a failover) or read-only under the run
			return "Nothing of it was applied: the server refused to write (a standby, or read-only). Point the "
					+ "migrations at the primary (a multi-host URL with targetServerType=primary, or the failover "
					+ "manager's primary endpoint) and migrate again.";
		}
		return "Nothing of it was applied (its transaction was rolled back). Fix the "
				+ ((migration.kind() != MigrationKind.JAVA) ? "statement in " + migration.script()
						: "Java migration " + migration.script())
				+ " and start again.";
	}

	/**
	 * Whether the statement failed on something that exists already, where DDL commits by itself:
	 * what a migration run again after an earlier run stopped part-way through it meets.
	 */
	private boolean alreadyThere(Direction direction, Dialect dialect) {
		SQLException sql = sqlException();
		return direction == Direction.UP && sql != null && !dialect.supportsTransactionalDdl()
				&& dialect.isAlreadyThere(sql);
	}

}
