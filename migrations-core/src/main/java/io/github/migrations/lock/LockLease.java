package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.migrations.LockLostException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held migration lock: its fencing token, the heartbeat that keeps it, and the checks that
 * stop a runner that lost it from committing anything. Closing it releases the lock.
 */
public final class LockLease implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LockLease.class);

	private final LockTable table;

	private final long fence;

	private final Duration waited;

	private final Heartbeat heartbeat;

	private final AtomicReference<@Nullable Statement> running = new AtomicReference<>();

	private final AtomicReference<@Nullable Loss> loss = new AtomicReference<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final long shortTransactionNanos;

	private volatile long fencedAt = Long.MIN_VALUE / 2;

	// when the running migration transaction extended the lease (its fence, or the extension
	// before its commit), NO_PROOF while it did not: a transaction fenced at its end may not
	private volatile long extendedInTransaction = NO_PROOF;

	// when check() last extended the lease in a statement of its own (committed at once)
	private volatile long checkedAt = Long.MIN_VALUE / 2;

	private static final long NO_PROOF = Long.MIN_VALUE;

	// when the lock was last proven with no statement of a migration run since: a check, a fenced
	// write or a fenced commit, none yet consumed by a statement (see prove())
	private volatile long standingProof = NO_PROOF;

	/** Whether {@link #check()} cleared the session the lock row names. */
	private volatile boolean sessionCleared;

	/**
	 * @param session the connection the lock was taken on, kept while the lock is held because
	 * the row names its server session; {@code null} when the row names none
	 */
	LockLease(LockTable table, Duration heartbeat, long fence, Duration waited, long acquiredAt,
			@Nullable Connection session) {
		this.table = table;
		this.fence = fence;
		this.waited = waited;
		this.shortTransactionNanos = table.lease().toNanos() / 3;
		this.heartbeat = new Heartbeat(table, heartbeat, this, acquiredAt, session);
		this.heartbeat.start();
	}

	/**
	 * The fencing token of this acquisition; it grows with every acquisition.
	 */
	public long fence() {
		return this.fence;
	}

	/**
	 * How long the runner waited before it got the lock.
	 */
	public Duration waited() {
		return this.waited;
	}

	/**
	 * First statement of every migration transaction: proves the lock is still ours, extends the
	 * lease and keeps the lock row locked until the transaction ends.
	 * @param transaction a connection with auto-commit off
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void fence(Connection transaction) {
		fence(transaction, Map.of());
	}

	/**
	 * {@link #fence(Connection)}, applying further transaction-scoped settings in the same round
	 * trip (ignored where the database has no such settings).
	 * @param transaction a connection with auto-commit off
	 * @param settings setting name to value, set for this transaction only
	 */
	public void fence(Connection transaction, Map<String, String> settings) {
		throwIfLost();
		this.fencedAt = System.nanoTime();
		this.extendedInTransaction = this.fencedAt;
		prove(transaction, "Could not prepare the migration transaction",
				() -> this.table.fence(transaction, this.fence, settings));
	}

	/**
	 * Whether a migration transaction may be fenced at its end instead of its start
	 * ({@link #beginFencedAtCommit()}, {@link #fencedWriteBeforeCommit}): where a write fenced by
	 * the lock row keeps the row locked to the commit (see
	 * {@link LockSql#fencedRowsHoldTheRow()}). One round trip less per transaction.
	 */
	public boolean fencesAtCommit() {
		return this.table.fencedRowsHoldTheRow();
	}

	/**
	 * Instead of {@link #fence(Connection)}, the start of a migration transaction whose history
	 * write is {@link #fencedWriteBeforeCommit fenced}: nothing is sent. Until that write the
	 * transaction holds nothing of the lock row, so the heartbeat renews the lease meanwhile, and
	 * {@link #beforeCommit} extends it once the transaction ran for a third of it; a runner that
	 * lost the lock meanwhile finds out at that write, and commits nothing.
	 * @throws io.github.migrations.LockLostException if the lock is already known lost
	 */
	public void beginFencedAtCommit() {
		throwIfLost();
		this.fencedAt = System.nanoTime();
		this.extendedInTransaction = NO_PROOF;
	}

	/**
	 * The last write of a migration transaction begun with {@link #beginFencedAtCommit()}: a write
	 * that selects its row from {@link #fencedRows()} and so locks the lock row to the end of the
	 * transaction. One row written: the lock is ours, and stays ours until the caller commits
	 * (no runner can take a row locked by a transaction), so the commit happens under our fence.
	 * No row written: the transaction is rolled back, nothing of it committed, and the lock is
	 * lost to whoever the row names now.
	 * @param transaction the transaction's connection (auto-commit off)
	 * @param write the write: gets the fenced source and the fence to bind, returns the rows written
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours (the
	 * transaction is then rolled back)
	 * @throws SQLException if the write failed for another reason
	 */
	public void fencedWriteBeforeCommit(Connection transaction, FencedWrite write) throws SQLException {
		throwIfLost();
		int written = runFenced(write);
		if (written != 1) {
			// nothing may commit; and the read that names the new holder must see the row as it
			// is now, not as this transaction's snapshot
			transaction.rollback();
			verify(transaction, written);
		}
	}

	/**
	 * The first statement of a pipelined migration transaction (see
	 * {@link io.github.migrations.dialect.Dialect#pipelines()}): the settings, and the lock row
	 * locked to the transaction's end while the fence is ours, as {@link #fence(Connection, Map)}
	 * does (the lease is extended at the end, {@link #pipelinedExtension()}), as one statement that
	 * raises an error when the lock is not ours, so that the server skips everything sent after it. The caller sends it
	 * first in its batch and, should it fail, calls {@link #fenceFailed}.
	 * @return the statement's text, or {@code null} where the database cannot raise from the fence
	 * @throws io.github.migrations.LockLostException if the lock is already known lost
	 */
	public @Nullable String pipelinedFence(Map<String, String> settings) {
		throwIfLost();
		this.fencedAt = System.nanoTime();
		return this.table.raisingFence(this.fence, settings);
	}

	/**
	 * The last lease extension of a pipelined migration transaction, sent with its history row:
	 * as {@link #beforeCommit} decides on the client, the statement decides on the server whether
	 * the lease is old enough to extend (a third of it used).
	 * @return the statement's text, or {@code null} where the database has none
	 */
	public @Nullable String pipelinedExtension() {
		return this.table.extendIfAged(this.fence);
	}

	/**
	 * Whether the error is the pipelined fence's refusal ({@link #pipelinedFence}).
	 */
	public boolean isFenceRefusal(SQLException ex) {
		return this.table.isFenceRefused(ex);
	}

	/**
	 * After the pipelined fence failed, its transaction rolled back (so nothing after it ran):
	 * a refusal or a dropped lock table loses the lock, to whoever the row names now; any other
	 * error fails like {@link #fence(Connection)} does.
	 * @throws io.github.migrations.LockLostException if the fence refused
	 * @throws io.github.migrations.MigrationException for any other error
	 */
	public void fenceFailed(SQLException ex) {
		if (this.table.isUndefinedTable(ex)) {
			loseTable();
		}
		if (!this.table.isFenceRefused(ex)) {
			throw this.table.failure("Could not prepare the migration transaction", ex);
		}
		try (Connection connection = this.table.connect()) {
			loseTo(this.table.read(connection));
		}
		catch (SQLException read) {
			if (!this.table.isUndefinedTable(read)) {
				lose("the fence of the migration transaction was refused (" + ex.getMessage()
						+ "), and the lock row could not be read: " + read.getMessage());
			}
			else {
				loseTable();
			}
		}
		throwIfLost();
	}

	/**
	 * Runs the work in one transaction on the connection, fenced as a migration's: the fence
	 * first ({@link #fence(Connection)}), the lease extended before the commit when it aged
	 * ({@link #beforeCommit}); rolled back when anything fails, the lock lost included; the
	 * connection's auto-commit set back after it. For the bookkeeping done under the lock (a
	 * baseline, an import, a repair): a runner that lost the lock changes nothing.
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void inTransaction(Connection connection, TransactionWork work) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		boolean committed = false;
		try {
			fence(connection);
			work.run();
			beforeCommit(connection);
			connection.commit();
			committed = true;
		}
		finally {
			if (!committed) {
				rollbackQuietly(connection);
			}
			if (!connection.isClosed()) {
				try {
					connection.setAutoCommit(autoCommit);
				}
				catch (SQLException ex) {
					// the connection is broken: the pool discards it
				}
			}
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			if (!connection.isClosed()) {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			// the connection is broken: nothing was committed
		}
	}

	/**
	 * The work of {@link #inTransaction}.
	 */
	@FunctionalInterface
	public interface TransactionWork {

		void run() throws SQLException;

	}

	/**
	 * Last statement of a migration transaction before commit: extends the lease from the
	 * database's current time, so a long migration does not end with an expired lease.
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void beforeCommit(Connection transaction) {
		throwIfLost();
		// A short transaction still has most of the lease the fence gave it, more than one
		// heartbeat interval: the heartbeat renews it after the commit, and a round trip is saved.
		// (Elapsed time is measured from before the fence statement, so this errs on the safe side.)
		long started = System.nanoTime();
		if (started - this.fencedAt < this.shortTransactionNanos) {
			return;
		}
		extend(transaction);
		this.extendedInTransaction = started;
	}

	/**
	 * For non-transactional steps: proves in one autocommit statement that the lock is still ours
	 * and extends the lease. When the last check extended it less than a third of the lease ago,
	 * the proof is a read instead: the lease still has more than two thirds left (the heartbeat
	 * renews it), and a read commits nothing (on MariaDB and MySQL, where every DDL statement of a
	 * migration is checked, an extension per statement was a log flush per statement). The first
	 * such check of a holding clears the session the lock row names: a statement running outside
	 * a transaction goes on on the server after its runner was killed, so waiters wait out the
	 * lease from then on.
	 * @throws io.github.migrations.LockLostException if it is not
	 */
	public void check() {
		throwIfLost();
		this.fencedAt = System.nanoTime();
		try (Connection connection = this.table.connect()) {
			long started = System.nanoTime();
			if (this.heartbeat.keepsSession() && !this.sessionCleared) {
				// What runs outside a transaction may outlive us on the server: a waiter must not
				// take over while it might still run, so from here on the lease alone counts.
				prove(connection, "Could not verify the migration lock",
						() -> this.table.extendClearingSession(connection, this.fence));
				this.sessionCleared = true;
				this.checkedAt = started;
			}
			else if (started - this.checkedAt < this.shortTransactionNanos) {
				prove(connection, "Could not verify the migration lock",
						() -> this.table.verify(connection, this.fence));
			}
			else {
				extend(connection);
				// measured from before the statement, so this errs on the safe side
				this.checkedAt = started;
			}
			this.standingProof = started;
		}
		catch (SQLException ex) {
			throw this.table.failure("Could not verify the migration lock", ex);
		}
	}

	/**
	 * Proves the lock before a step runs without a transaction: {@link #check()}, unless a proof
	 * still stands (see {@link #checkBeforeStatement()}), which is left standing for the step's
	 * first statement. Work that runs after this and before that statement (a callback) must
	 * {@link #spend()} it.
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void prove() {
		throwIfLost();
		if (!proofStands()) {
			check();
		}
	}

	/**
	 * Proves the lock right before a statement that runs without a transaction (it commits by
	 * itself), and consumes the proof: the next statement needs one of its own. A proof that still
	 * stands counts without a round trip: the last {@link #check()}, {@link #fencedWrite fenced
	 * write} or {@link #committed() fenced commit}, when no statement of a migration ran since and
	 * the last extension of the lease is less than a third of the lease old. Such a proof says
	 * what a read right before the statement would: the fence was ours, and the lease has more
	 * than two thirds left, so no waiter can take over before the statement starts. What it leaves
	 * open is what a read leaves open: a fence changed by hand (or the row deleted, the table
	 * dropped) after the proof lets one statement run, and the next proof refuses the one after it.
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours
	 */
	public void checkBeforeStatement() {
		prove();
		this.standingProof = NO_PROOF;
	}

	/**
	 * Proves the lock right before a statement past the first of a migration that runs statement
	 * by statement where DDL commits by itself, as {@link #checkBeforeStatement()} does, and
	 * records in the lock row, in the same statement, how many of its statements took effect: a
	 * runner that takes over from a holder that dies before the migration's history row learns
	 * it ({@link #interrupted()}). One fenced write in auto-commit that also extends the lease;
	 * where the lock table keeps no progress, {@link #checkBeforeStatement()}.
	 * @param connection the migration's connection, in auto-commit
	 * @param version the migration's version
	 * @param done how many of its statements took effect
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours (nothing is
	 * recorded)
	 */
	public void recordProgress(Connection connection, String version, int done) {
		throwIfLost();
		long started = System.nanoTime();
		boolean keeps;
		try {
			keeps = this.table.keepsProgress(connection);
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw this.table.failure("Could not verify the migration lock", ex);
			}
			loseTable();
			return;
		}
		if (!keeps) {
			checkBeforeStatement();
			return;
		}
		this.fencedAt = started;
		// what runs outside a transaction may outlive us on the server (see check())
		boolean clear = this.heartbeat.keepsSession() && !this.sessionCleared;
		prove(connection, "Could not verify the migration lock",
				() -> this.table.recordProgress(connection, this.fence, this.fence + "/" + done + "/" + version, clear));
		this.sessionCleared |= clear;
		this.checkedAt = started;
		this.standingProof = NO_PROOF;
	}

	/**
	 * The migration the previous holder of the lock was running statement by statement when it
	 * stopped holding it, as it recorded with {@link #recordProgress}; call right after the lock
	 * was taken. The progress is tied to the fence it was recorded under, the one before ours, so
	 * that of an earlier holding reads as nothing. Whether that migration finished is for its
	 * history row to say.
	 * @return the migration and how many of its statements took effect, or {@code null}
	 */
	public @Nullable Interrupted interrupted() {
		throwIfLost();
		if (!this.table.mayKeepProgress()) {
			return null;
		}
		try (Connection connection = this.table.connect()) {
			if (!this.table.keepsProgress(connection)) {
				return null;
			}
			return Interrupted.parse(this.table.readProgress(connection), this.fence - 1);
		}
		catch (SQLException ex) {
			throw this.table.failure("Could not read the migration lock", ex);
		}
	}

	/**
	 * A migration run statement by statement and how many of its statements took effect, as the
	 * holder recorded before the next one ({@link #recordProgress}).
	 * @param version the migration's version
	 * @param statementsDone how many of its statements took effect
	 */
	public record Interrupted(String version, int statementsDone) {

		/**
		 * {@code <fence>/<done>/<version>} when recorded under {@code fence}, else {@code null}.
		 */
		static @Nullable Interrupted parse(@Nullable String progress, long fence) {
			if (progress == null) {
				return null;
			}
			String[] parts = progress.split("/", 3);
			if (parts.length != 3 || !parts[0].equals(Long.toString(fence))) {
				return null;
			}
			try {
				return new Interrupted(parts[2], Integer.parseInt(parts[1]));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

	/**
	 * Something ran on a migration's connection since the last proof (a callback): the next
	 * statement needs a proof of its own.
	 */
	public void spend() {
		this.standingProof = NO_PROOF;
	}

	/**
	 * After the commit of a transaction {@link #fence(Connection) fenced} by this lease (at its
	 * start, or at its end by {@link #fencedWriteBeforeCommit}): the fenced statement held the lock
	 * row to the commit, so the lock was ours when it committed, and a lease extension the
	 * transaction made is committed. Both stand as the proof for a statement that follows with
	 * nothing else run in between (see {@link #checkBeforeStatement()}); a transaction that
	 * extended nothing leaves the lease's age as it was.
	 */
	public void committed() {
		long extended = this.extendedInTransaction;
		if (extended != NO_PROOF && extended - this.checkedAt > 0) {
			this.checkedAt = extended;
		}
		this.extendedInTransaction = NO_PROOF;
		this.standingProof = System.nanoTime();
	}

	private boolean proofStands() {
		return this.standingProof != NO_PROOF && System.nanoTime() - this.checkedAt < this.shortTransactionNanos
				&& (!this.heartbeat.keepsSession() || this.sessionCleared);
	}

	/**
	 * The lock row as the source of a write fenced by it: a {@code FROM} and {@code WHERE} clause
	 * that yields one row while the lock is ours, none otherwise; its one parameter is
	 * {@link #fence()}.
	 */
	public String fencedRows() {
		return this.table.fencedRows();
	}

	/**
	 * Runs a write that selects its row from {@link #fencedRows()} (an {@code INSERT … SELECT}) in
	 * auto-commit, and takes its outcome as the proof of the lock, instead of a proof and then the
	 * write: one round trip less. One row written: the lock was ours when the row was written (the
	 * fence and the write are one statement), and the write stands as the proof for a statement
	 * that follows with nothing run in between, as a {@link #check()} would. No row written: nothing
	 * was, and the lock is lost to whoever the row names now.
	 * @param connection the connection the write runs on (auto-commit)
	 * @param write the write: gets the fenced source and the fence to bind, returns the rows written
	 * @throws io.github.migrations.LockLostException if the lock is no longer ours (the write then
	 * wrote nothing)
	 * @throws SQLException if the write failed for another reason
	 */
	public void fencedWrite(Connection connection, FencedWrite write) throws SQLException {
		throwIfLost();
		long started = System.nanoTime();
		int written = runFenced(write);
		verify(connection, written);
		this.fencedAt = started;
		this.standingProof = started;
	}

	/**
	 * Runs a fenced write; a missing table is checked for a dropped lock table (the lock lost).
	 * @return the rows written
	 */
	private int runFenced(FencedWrite write) throws SQLException {
		try {
			return write.run(this.table.fencedRows(), this.fence);
		}
		catch (SQLException ex) {
			if (this.table.isUndefinedTable(ex)) {
				// the history table or the lock table: the check tells a dropped lock table (lost)
				check();
			}
			throw ex;
		}
	}

	private void extend(Connection connection) {
		prove(connection, "Could not verify the migration lock",
				() -> this.table.extend(connection, this.fence, false));
	}

	/**
	 * Runs a fenced lease extension and verifies that it updated our row; a dropped lock table
	 * loses the lock, any other error fails with {@code failure}.
	 */
	private void prove(Connection connection, String failure, Extension extension) {
		int updated;
		try {
			updated = extension.run();
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw this.table.failure(failure, ex);
			}
			loseTable();
			return;
		}
		verify(connection, updated);
	}

	/**
	 * 1 row extended: the lock is ours; else it was lost, and the row says to whom.
	 */
	private void verify(Connection connection, int updated) {
		if (updated == 1) {
			return;
		}
		try {
			loseTo(this.table.read(connection));
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw this.table.failure("Could not verify the migration lock", ex);
			}
			loseTable();
		}
		throwIfLost();
	}

	private void loseTable() {
		lose("the lock table " + this.table.name() + " was dropped");
		throwIfLost();
	}

	/**
	 * Lost to whoever the row names now (or to a deleted row).
	 */
	void loseTo(@Nullable LockRow row) {
		if (row == null) {
			lose("the lock row was deleted");
		}
		else {
			lose("another runner took over: the lock row now says " + row.describe(), row);
		}
	}

	/**
	 * Decides, after a migration's session was ended by the server or its connection was lost,
	 * whether that was this runner losing the lock. A lock still ours whose lease never ran out
	 * is extended like {@link #check()} and kept (a server restart, a terminated session). A lease
	 * that ran out since the step proved the fence (the heartbeat saw a gap longer than the lease:
	 * the whole process was paused), or a session the server ended for idling in its transaction
	 * (which it does after the lease), means the lock is lost even if no other runner took it
	 * yet: the report must not depend on which runner was faster, and {@link #close()} releases
	 * it for the next one.
	 * @param idleTimeout the server ended the session for idling in its transaction
	 * @throws io.github.migrations.LockLostException if the lock is lost
	 * @throws io.github.migrations.MigrationException if the database cannot be reached
	 */
	public void verifyAfterSessionEnded(boolean idleTimeout) {
		throwIfLost();
		if (!idleTimeout && !this.heartbeat.lapsedSince(this.fencedAt)) {
			check();
			return;
		}
		String paused = "this runner was paused for longer than its lease of " + this.table.lease().toMillis()
				+ " ms (" + (idleTimeout ? "the server ended its migration session for idling in its transaction"
						: "its heartbeat found a gap longer than the lease")
				+ ")";
		try (Connection connection = this.table.connect()) {
			LockRow row = this.table.read(connection);
			if (row != null && row.lockedWith(this.fence)) {
				lose(paused + "; no other runner had taken the lock yet, so it is released for the next one");
			}
			else if (row != null) {
				lose(paused + ", and another runner took over: the lock row now says " + row.describe(), row);
			}
			else {
				lose(paused + ", and the lock row was deleted");
			}
		}
		catch (SQLException ex) {
			if (!this.table.isUndefinedTable(ex)) {
				throw this.table.failure("Could not verify the migration lock", ex);
			}
			loseTable();
		}
		throwIfLost();
	}

	/**
	 * The statement running now on the migration connection; the heartbeat cancels it when the
	 * lock is lost. {@code null} clears it.
	 */
	public void running(@Nullable Statement statement) {
		this.running.set(statement);
		if (statement != null && isLost()) {
			cancel(statement);
		}
	}

	/**
	 * Whether a check before a statement outside a transaction cleared the session the lock row
	 * named: the lease alone keeps this holding from then on.
	 */
	boolean sessionCleared() {
		return this.sessionCleared;
	}

	/**
	 * Whether the heartbeat (or a failed check) found the lock lost.
	 */
	public boolean isLost() {
		return this.loss.get() != null;
	}

	void lose(String reason) {
		lose(reason, null);
	}

	/**
	 * Marks the lease lost (once), cancels the running statement and stops the heartbeat.
	 * @param row the lock row that shows the loss, if read
	 */
	void lose(String reason, @Nullable LockRow row) {
		if (!this.loss.compareAndSet(null, new Loss(reason, row, Instant.now()))) {
			return;
		}
		logger.error("Lost the migration lock {} (fence {}): {}. Stopping the run.", this.table.name(), this.fence,
				reason);
		Statement statement = this.running.get();
		if (statement != null) {
			cancel(statement);
		}
		this.heartbeat.stop();
	}

	private void cancel(Statement statement) {
		try {
			statement.cancel();
		}
		catch (SQLException ex) {
			logger.warn("Could not cancel the running migration statement: {}", ex.getMessage());
		}
	}

	private void throwIfLost() {
		Loss lost = this.loss.get();
		if (lost != null) {
			LockRow row = lost.row();
			boolean taken = row != null && row.fence() != this.fence;
			throw new LockLostException(this.table.name(), this.fence, lost.reason(), taken ? row.holder() : null,
					taken ? row.fence() : null, taken ? row.lockedAt() : null, lost.at());
		}
	}

	/**
	 * Stops the heartbeat and releases the lock (if still ours). Never throws: a lock that could
	 * not be released ends with its lease.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.heartbeat.stop();
		Connection session = this.heartbeat.session();
		try {
			if ((session != null) ? this.table.release(session, this.fence) : this.table.release(this.fence)) {
				logger.debug("Released migration lock {} (fence {})", this.table.name(), this.fence);
			}
			else {
				logger.debug("Migration lock {} was no longer ours to release (fence {})", this.table.name(),
						this.fence);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not release the migration lock {} (fence {}); it ends with its lease: {}",
					this.table.name(), this.fence, ex.getMessage());
		}
		finally {
			this.heartbeat.closeSession();
		}
	}

	@Override
	public String toString() {
		return "LockLease[table=" + this.table.name() + ", fence=" + this.fence + (isLost() ? ", lost" : "") + "]";
	}

	/**
	 * How the lock was lost: the reason, the row that showed it (if read), and when.
	 */
	private record Loss(String reason, @Nullable LockRow row, Instant at) {
	}

	/**
	 * A write fenced by the lock row (see {@link #fencedWrite}).
	 */
	@FunctionalInterface
	public interface FencedWrite {

		/**
		 * @param fencedRows the {@code FROM} and {@code WHERE} clause to select the written row from
		 * @param fence the parameter of {@code fencedRows}
		 * @return the rows written
		 */
		int run(String fencedRows, long fence) throws SQLException;

	}

	@FunctionalInterface
	private interface Extension {

		int run() throws SQLException;

	}

}
