package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.lock.LockSql.SessionWrite;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL I/O on the lock table: each method is one short statement on a connection borrowed
 * from the DataSource (or on the caller's transaction), with the statement text from
 * {@link LockSql}.
 */
final class LockTable {

	private static final Logger logger = LoggerFactory.getLogger(LockTable.class);

	private final DataSource dataSource;

	private final LockSql sql;

	private final String name;

	private final Duration lease;

	// whether the table has the progress column; null until a holder looked
	private volatile @Nullable Boolean progressColumn;

	LockTable(DataSource dataSource, LockSql sql, String name, Duration lease) {
		this.dataSource = dataSource;
		this.sql = sql;
		this.name = name;
		this.lease = lease;
	}

	String name() {
		return this.name;
	}

	Duration lease() {
		return this.lease;
	}

	Connection connect() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		if (!connection.getAutoCommit()) {
			connection.setAutoCommit(true);
		}
		return connection;
	}

	/**
	 * Whether the table is missing where a read would have the driver log that at WARN ({@link
	 * LockSql#failedStatementsAreLogged()}); elsewhere {@code false} without asking, and the read
	 * finds out.
	 */
	boolean knownMissing(Connection connection) throws SQLException {
		return this.sql.failedStatementsAreLogged() && !this.sql.tableExists(connection, this.name);
	}

	/**
	 * Creates the table and inserts the row, each unless present; losing a race on either to
	 * another runner is fine, the table and row are there either way.
	 */
	void createIfMissing(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			try {
				statement.execute(this.sql.createTable(this.name));
			}
			catch (SQLException ex) {
				if (!this.sql.isAlreadyExists(ex)) {
					throw ex;
				}
				logger.debug("Lock table {} was created concurrently", this.name);
			}
			if (this.sql.insertRowWaitsForRowLock() && read(connection) != null) {
				return;
			}
			try {
				statement.executeUpdate(this.sql.insertRow(this.name));
			}
			catch (SQLException ex) {
				// a deadlock between runners inserting the row at once: the database rolled this
				// insert back and let another runner's through, so the row is there either way
				if (!this.sql.isAlreadyExists(ex) && !this.sql.isConflictResolved(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Takes the lock if it is free or expired (or, with {@code takeOverGone}, its holder's session
	 * is gone); returns the new fence.
	 */
	OptionalLong acquire(Connection connection, String owner, SessionWrite write, boolean takeOverGone)
			throws SQLException {
		String lockFreeRow = this.sql.lockFreeRow(this.name, takeOverGone);
		if (lockFreeRow != null) {
			return acquireInTransaction(connection, owner, lockFreeRow,
					this.sql.acquire(this.name, write, takeOverGone));
		}
		try (PreparedStatement statement = connection
			.prepareStatement(this.sql.acquire(this.name, write, takeOverGone))) {
			statement.setString(1, owner);
			statement.setLong(2, this.lease.toMillis());
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
			}
		}
	}

	/**
	 * {@link #acquire} in two statements of one short transaction: lock the free row (skipping it
	 * when another transaction holds it), then take it.
	 */
	private OptionalLong acquireInTransaction(Connection connection, String owner, String lockFreeRow,
			String acquire) throws SQLException {
		connection.setAutoCommit(false);
		try {
			long fence;
			try (Statement select = connection.createStatement(); ResultSet rs = select.executeQuery(lockFreeRow)) {
				if (!rs.next()) {
					connection.commit();
					return OptionalLong.empty();
				}
				fence = rs.getLong(1);
			}
			try (PreparedStatement update = connection.prepareStatement(acquire)) {
				update.setString(1, owner);
				update.setLong(2, this.lease.toMillis());
				if (update.executeUpdate() != 1) {
					throw new SQLException("The lock row locked by " + lockFreeRow + " was not updated");
				}
			}
			connection.commit();
			return OptionalLong.of(fence + 1);
		}
		catch (SQLException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	/**
	 * Whether this database can tell a holder's session (see {@link LockSql#addSessionColumn}).
	 */
	boolean knowsSessions() {
		return this.sql.addSessionColumn(this.name) != null;
	}

	/**
	 * Whether the table has the {@code holder_session} column; a table created by an older
	 * version lacks it. A missing table fails as usual.
	 */
	boolean hasSessionColumn(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT holder_session FROM " + this.name + " WHERE 1 = 0")) {
			return true;
		}
		catch (SQLException ex) {
			if (this.sql.isUndefinedColumn(ex)) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Adds the {@code holder_session} column in a short transaction; run by the holder, so no
	 * other runner's statement holds the row. Returns whether the column is there now (the DDL
	 * may give up on its lock timeout: then the next acquisition tries again).
	 */
	boolean addSessionColumn(Connection connection) throws SQLException {
		String ddl = this.sql.addSessionColumn(this.name);
		if (ddl == null) {
			return false;
		}
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute(ddl);
			connection.commit();
			logger.info("Added column holder_session to the migration lock table {}", this.name);
			return true;
		}
		catch (SQLException ex) {
			connection.rollback();
			logger.info("Could not add column holder_session to the migration lock table {} yet: {}", this.name,
					ex.getMessage());
			return false;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	/**
	 * Whether the holder records its progress in the lock table ({@link LockSql#addProgressColumn}):
	 * where the database keeps it, once the table has the column. The first holder to ask adds a
	 * missing column (no runner's statement holds the row meanwhile); where it cannot, this
	 * instance records no progress, and says why at INFO. Asked once per instance.
	 */
	boolean keepsProgress(Connection connection) throws SQLException {
		Boolean known = this.progressColumn;
		if (known == null) {
			known = findOrAddProgressColumn(connection);
			this.progressColumn = known;
		}
		return known;
	}

	private boolean findOrAddProgressColumn(Connection connection) throws SQLException {
		String ddl = this.sql.addProgressColumn(this.name);
		if (ddl == null) {
			return false;
		}
		if (this.sql.hasColumn(connection, this.name, "progress")) {
			return true;
		}
		if (this.sql.failedStatementsAreLogged() && !this.sql.tableExists(connection, this.name)) {
			// only a dry run's holder gets here (its connection sends no DDL): the run it shows
			// creates the table, with the column
			return true;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(ddl);
		}
		catch (SQLException ex) {
			if (this.sql.isUndefinedTable(ex)) {
				throw ex;
			}
			logger.info("Could not add column progress to the migration lock table {}, so this runner records no "
					+ "progress in it: {}", this.name, ex.getMessage());
			return false;
		}
		// asked again: a dry run's connection records the DDL without sending it
		if (!this.sql.hasColumn(connection, this.name, "progress")) {
			return false;
		}
		logger.info("Added column progress to the migration lock table {}", this.name);
		return true;
	}

	/**
	 * Whether the database keeps a holder's progress in the lock table at all (see
	 * {@link #keepsProgress}); asks nothing.
	 */
	boolean mayKeepProgress() {
		return this.sql.addProgressColumn(this.name) != null;
	}

	/**
	 * The progress the last holder recorded ({@link LockSql#readProgress}), or {@code null}.
	 */
	@Nullable String readProgress(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(this.sql.readProgress(this.name))) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	/**
	 * Records the holder's progress while the fence is ours, extending the lease (see
	 * {@link LockSql#recordProgress}). Returns the update count.
	 */
	int recordProgress(Connection connection, long fence, String progress, boolean clearSession) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.sql.recordProgress(this.name, clearSession))) {
			statement.setString(1, progress);
			statement.setLong(2, this.lease.toMillis());
			statement.setLong(3, fence);
			return statement.executeUpdate();
		}
	}

	/**
	 * Whether this connection's server session is its own (no pooler in between).
	 */
	boolean ownsServerSession(Connection connection) throws SQLException {
		return this.sql.ownsServerSession(connection);
	}

	/**
	 * The heartbeat on the connection the holder keeps for its session: extends the lease like
	 * {@code extend(connection, fence, true)}, and records this session ({@code record}) or keeps
	 * the recorded one only while it is this statement's.
	 */
	int renewInSession(Connection connection, long fence, boolean record) throws SQLException {
		String lockOwnRow = this.sql.lockOwnRow(this.name);
		if (lockOwnRow != null) {
			// where the heartbeat takes two statements (MariaDB, MySQL), the recorded session is
			// neither checked nor written again: a kept connection that fails leaves a session that
			// is gone, and a waiter may take over early, which the fence keeps safe
			return renewInTransaction(connection, fence, lockOwnRow);
		}
		try (PreparedStatement statement = connection.prepareStatement(this.sql.renewInSession(this.name, record))) {
			statement.setLong(1, this.lease.toMillis());
			statement.setLong(2, fence);
			return statement.executeUpdate();
		}
	}

	/**
	 * Extends the lease if the fence is ours; {@code skipLocked} for the heartbeat, which must
	 * not wait for the row lock our own migration transaction holds. Returns the update count.
	 */
	int extend(Connection connection, long fence, boolean skipLocked) throws SQLException {
		String lockOwnRow = skipLocked ? this.sql.lockOwnRow(this.name) : null;
		if (lockOwnRow != null) {
			return renewInTransaction(connection, fence, lockOwnRow);
		}
		return extend(connection, fence, skipLocked ? this.sql.renew(this.name) : this.sql.extend(this.name));
	}

	/**
	 * Extends the lease if the fence is ours and clears the recorded session (see
	 * {@link LockSql#extendClearingSession}). Returns the update count.
	 */
	int extendClearingSession(Connection connection, long fence) throws SQLException {
		return extend(connection, fence, this.sql.extendClearingSession(this.name));
	}

	private int extend(Connection connection, long fence, String text) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(text)) {
			statement.setLong(1, this.lease.toMillis());
			statement.setLong(2, fence);
			return statement.executeUpdate();
		}
	}

	/**
	 * The heartbeat's {@link #extend} in two statements of one short transaction: lock the row
	 * while the fence is ours (skipping it when another transaction holds it), then extend it.
	 */
	private int renewInTransaction(Connection connection, long fence, String lockOwnRow) throws SQLException {
		connection.setAutoCommit(false);
		try {
			int updated = 0;
			try (PreparedStatement select = connection.prepareStatement(lockOwnRow)) {
				select.setLong(1, fence);
				try (ResultSet rs = select.executeQuery()) {
					if (rs.next()) {
						try (PreparedStatement update = connection.prepareStatement(this.sql.renew(this.name))) {
							update.setLong(1, this.lease.toMillis());
							update.setLong(2, fence);
							updated = update.executeUpdate();
						}
					}
				}
			}
			connection.commit();
			return updated;
		}
		catch (SQLException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	/**
	 * Whether the fence is still ours, by a read that writes nothing.
	 * @return 1 while the lock is ours, else 0
	 */
	int verify(Connection connection, long fence) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.sql.verify(this.name))) {
			statement.setLong(1, fence);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? 1 : 0;
			}
		}
	}

	/**
	 * See {@link LockSql#fencedRows}.
	 */
	String fencedRows() {
		return this.sql.fencedRows(this.name);
	}

	/**
	 * See {@link LockSql#fencedRowsHoldTheRow}.
	 */
	boolean fencedRowsHoldTheRow() {
		return this.sql.fencedRowsHoldTheRow();
	}

	/**
	 * The first statement of a migration transaction: the transaction-scoped settings, then the
	 * fenced lease extension, sent together as one round trip where the database has settings
	 * ({@link LockSql#settingsAndExtend}). Saves a round trip per migration.
	 * @return the rows the extension updated: 1 while the lock is ours
	 */
	int fence(Connection transaction, long fence, Map<String, String> extra) throws SQLException {
		String text = this.sql.settingsAndExtend(this.name, extra.size());
		if (text == null) {
			return extend(transaction, fence, false);
		}
		long checkInterval = checkInterval();
		try (PreparedStatement statement = transaction.prepareStatement(text)) {
			statement.setString(1, String.valueOf(this.lease.toMillis()));
			statement.setString(2, String.valueOf(checkInterval));
			int index = 3;
			for (Map.Entry<String, String> setting : extra.entrySet()) {
				statement.setString(index++, setting.getKey());
				statement.setString(index++, setting.getValue());
			}
			statement.setLong(index++, this.lease.toMillis());
			statement.setLong(index, fence);
			statement.execute();
			if (statement.getMoreResults()) {
				throw new SQLException("The lease extension returned rows: " + text);
			}
			return statement.getUpdateCount();
		}
	}

	/**
	 * The text of the pipelined fence ({@link LockSql#raisingFence}) for this lease, or
	 * {@code null} where the database has none.
	 */
	@Nullable String raisingFence(long fence, Map<String, String> settings) {
		return this.sql.raisingFence(this.name, this.lease.toMillis(), checkInterval(), settings, fence);
	}

	/**
	 * The text of the pipelined last lease extension ({@link LockSql#extendIfAged}).
	 */
	@Nullable String extendIfAged(long fence) {
		return this.sql.extendIfAged(this.name, this.lease.toMillis(), fence);
	}

	boolean isFenceRefused(SQLException ex) {
		return this.sql.isFenceRefused(ex);
	}

	/**
	 * How often the server checks that a client running a long statement is still there: a
	 * runner killed mid-statement then releases the row lock (and its session, which a waiter
	 * may take over from) within half a second. A poll() per interval: nothing to measure.
	 */
	private long checkInterval() {
		return Math.max(100, Math.min(500, this.lease.toMillis() / 3));
	}

	/**
	 * Releases the lock; returns whether it was still ours.
	 */
	boolean release(long fence) throws SQLException {
		try (Connection connection = connect()) {
			return release(connection, fence);
		}
	}

	/**
	 * {@link #release(long)} on a given connection.
	 */
	boolean release(Connection connection, long fence) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(Boolean.TRUE.equals(this.progressColumn)
				? this.sql.releaseClearingProgress(this.name) : this.sql.release(this.name))) {
			statement.setLong(1, fence);
			return statement.executeUpdate() == 1;
		}
	}

	@Nullable LockRow read(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(this.sql.read(this.name))) {
			return rs.next() ? LockRow.of(rs, this.sql) : null;
		}
	}

	boolean isUndefinedTable(SQLException ex) {
		return this.sql.isUndefinedTable(ex);
	}

	boolean isConflictResolved(SQLException ex) {
		return this.sql.isConflictResolved(ex);
	}

	MigrationException failure(String summary, SQLException ex) {
		return new MigrationException(summary + ": " + ex.getMessage() + " (SQLState " + ex.getSQLState() + ")",
				"Check that the database is reachable and that the migration user may create and update "
						+ this.name + ".",
				ex);
	}

}
