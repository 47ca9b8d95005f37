package io.github.migrations.execute;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.migrations.MigrationDescriptor;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.lock.LockLease;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * The statements of one migration transaction (or of a group of them), sent in as few round
 * trips as the statements allow: queued, and sent as one batch of plain statements
 * ({@link Statement#executeBatch()}), which pgjdbc writes out before it reads any answer and ends
 * with one Sync.
 * <ol>
 * <li>The fence goes first, as a statement that raises an error when the lock is not ours: the
 * server then aborts the transaction and skips everything after it, so no DDL runs.</li>
 * <li>A statement that cannot ride in a batch ({@link Dialect#pipelinable}: COPY, a statement
 * returning rows, a session change) sends the queue first and then runs by itself.</li>
 * <li>The history row and {@code COMMIT} end the last batch: a migration of plain DDL costs one
 * round trip with its commit.</li>
 * <li>A failed batch is mapped back to its entry (pgjdbc names it in its message, {@code Batch
 * entry <n>}, or quotes its text): a statement's failure carries the statement (file and line),
 * the fence's is a {@link FenceFailure}.</li>
 * </ol>
 * The transaction is the caller's (auto-commit off): pgjdbc sends {@code BEGIN} with the first
 * batch, and the Syncs it adds inside a long batch to keep the socket buffers from filling do not
 * end it.
 */
final class Pipeline implements AutoCloseable {

	/** pgjdbc's message for a failed batch entry (in English; the text is matched otherwise). */
	private static final Pattern ENTRY = Pattern.compile("Batch entry ([0-9][0-9,.]*)");

	private final Connection connection;

	private final Dialect dialect;

	private final LockLease lease;

	private final Statement jdbc;

	private final List<Entry> queued = new ArrayList<>();

	private @Nullable MigrationDescriptor migration;

	Pipeline(Connection connection, Dialect dialect, LockLease lease) throws SQLException {
		this.connection = connection;
		this.dialect = dialect;
		this.lease = lease;
		this.jdbc = connection.createStatement();
	}

	/**
	 * The migration whose statements follow (for the failure of a group's statement).
	 */
	void migration(MigrationDescriptor migration) {
		this.migration = migration;
	}

	/**
	 * Queues the fence; it must come first.
	 */
	void fence(String sql) throws SQLException {
		queue(new Entry(sql, null, true, null));
	}

	/**
	 * Queues a statement of the migration, or, where it cannot ride in a batch, sends the queue
	 * and runs it by itself.
	 */
	void statement(SqlStatement statement) throws SQLException {
		if (this.dialect.pipelinable(statement)) {
			queue(new Entry(statement.sql(), statement, false, this.migration));
			return;
		}
		flush();
		this.lease.running(this.jdbc);
		try {
			this.dialect.execute(this.connection, this.jdbc, statement);
		}
		catch (SQLException ex) {
			throw failure(ex, statement, this.migration);
		}
		finally {
			this.lease.running(null);
		}
	}

	/**
	 * Queues a statement of our own (the last lease extension, the history row); {@code null} is
	 * nothing.
	 */
	void bookkeeping(@Nullable String sql) throws SQLException {
		if (sql != null) {
			queue(new Entry(sql, null, false, this.migration));
		}
	}

	/**
	 * Queues {@code COMMIT} and sends the queue: the transaction ends with it. The driver follows
	 * the server's transaction status, so the connection's own commit afterwards sends nothing.
	 */
	void commit() throws SQLException {
		queue(new Entry("COMMIT", null, false, null));
		flush();
		this.connection.commit();
	}

	private void queue(Entry entry) throws SQLException {
		this.jdbc.addBatch(entry.sql());
		this.queued.add(entry);
	}

	/**
	 * Sends the queued statements as one batch.
	 */
	void flush() throws SQLException {
		if (this.queued.isEmpty()) {
			return;
		}
		this.lease.running(this.jdbc);
		try {
			this.jdbc.executeBatch();
		}
		catch (SQLException ex) {
			// the server's own error, not the driver's summary of the batch
			SQLException cause = (ex instanceof BatchUpdateException && ex.getNextException() != null)
					? ex.getNextException() : ex;
			Entry failed = failed(ex);
			if ((failed != null && failed.fence()) || (failed == null && this.queued.get(0).fence()
					&& this.lease.isFenceRefusal(cause))) {
				throw new FenceFailure(cause);
			}
			throw failure(cause, (failed != null) ? failed.statement() : null,
					(failed != null) ? failed.migration() : this.migration);
		}
		finally {
			this.lease.running(null);
			this.queued.clear();
			this.jdbc.clearBatch();
		}
	}

	private StepFailure failure(SQLException ex, @Nullable SqlStatement statement,
			@Nullable MigrationDescriptor migration) {
		StepFailure failure = new StepFailure(ex, statement).in(migration);
		return this.lease.isLost() ? failure.lockLost(this.lease) : failure;
	}

	/**
	 * The entry the batch failed at: by the number pgjdbc gives it; where its message is
	 * translated, the one entry whose text it quotes; else {@code null} (unknown).
	 */
	private @Nullable Entry failed(SQLException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "";
		Matcher matcher = ENTRY.matcher(message);
		if (ex instanceof BatchUpdateException && matcher.find()) {
			try {
				int index = Integer.parseInt(matcher.group(1).replaceAll("[,.]", ""));
				if (index < this.queued.size()) {
					return this.queued.get(index);
				}
			}
			catch (NumberFormatException ignored) {
				// not a number after all: look for the text
			}
		}
		Entry quoted = null;
		for (Entry entry : this.queued) {
			if (message.contains(entry.sql())) {
				if (quoted != null) {
					// two entries fit (the same text twice, or one inside the other): no guess
					return null;
				}
				quoted = entry;
			}
		}
		return quoted;
	}

	@Override
	public void close() throws SQLException {
		this.jdbc.close();
	}

	/**
	 * One queued statement.
	 * @param statement the migration's statement, or {@code null} for one of our own
	 * @param fence whether it is the fence
	 * @param migration the migration it belongs to, when known
	 */
	private record Entry(String sql, @Nullable SqlStatement statement, boolean fence,
			@Nullable MigrationDescriptor migration) {
	}

	/**
	 * The fence failed: nothing after it ran. The caller rolls back and asks the lease why
	 * ({@link LockLease#fenceFailed}).
	 */
	static final class FenceFailure extends RuntimeException {

		private final SQLException cause;

		FenceFailure(SQLException cause) {
			super(cause);
			this.cause = cause;
		}

		SQLException sqlException() {
			return this.cause;
		}

	}

}
