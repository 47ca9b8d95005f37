package io.github.migrations.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.dialect.Dialect;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the history table ({@code schema_migrations}). Every method works on the
 * connection it is given, so a migration's row is written in the migration's own transaction.
 * Versioned rows (SQL, Java, baseline) and the rows of repeatable migrations (no version, one per
 * name) are read apart: the versioned reads never return a row without a version.
 * Plain JDBC: this runs at every application start, where loading {@code JdbcTemplate} and its
 * machinery costs more than the queries.
 */
public final class SchemaHistory {

	private static final String COLUMNS = "version, name, type, checksum, executed_at, execution_time_ms, "
			+ "batch_number, installed_by, success, rollback_sql, down_transactional";

	// what insert() and insertFenced() write, bound by bind()
	private static final String INSERTED = "version, name, type, checksum, execution_time_ms, batch_number, "
			+ "installed_by, success, rollback_sql, down_transactional";

	// the rows of repeatable migrations have no version; the versioned reads leave them out
	private static final String VERSIONED = " WHERE version IS NOT NULL";

	private static final String REPEATABLE = " WHERE version IS NULL";

	/**
	 * The columns of per-statement progress, kept where DDL commits by itself (MariaDB, MySQL):
	 * how many statements of a failed migration took effect, and the statement a repair let the
	 * next migrate resume from. Tables created before them get them when a run is about to apply
	 * migrations ({@link #allowProgress}); until then they are read as {@code null}.
	 */
	public static final List<String> PROGRESS_COLUMNS = List.of("statements_done", "resume_from");

	private final Dialect dialect;

	private final String schema;

	private final String table;

	private final String qualifiedTable;

	// whether the table was found to exist where it is looked up before a read (see ifExists)
	private volatile boolean seen;

	// whether the table has PROGRESS_COLUMNS, asked once (only where DDL commits by itself)
	private @Nullable Boolean progressColumns;

	/**
	 * @param dialect the database's dialect
	 * @param schema the schema, as the database names it
	 * @param table the table name (a plain identifier)
	 */
	public SchemaHistory(Dialect dialect, String schema, String table) {
		this.dialect = dialect;
		this.schema = schema;
		this.table = table;
		this.qualifiedTable = dialect.quote(schema) + "." + table;
	}

	public String qualifiedTable() {
		return this.qualifiedTable;
	}

	/**
	 * Creates the table if it does not exist; never alters an existing one.
	 */
	public void createIfMissing(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(this.dialect.createHistoryTable(this.qualifiedTable));
		}
	}

	/**
	 * Every versioned row, in version order.
	 */
	public List<AppliedMigration> readAll(Connection connection) throws SQLException {
		List<AppliedMigration> rows = new ArrayList<>();
		boolean progress = hasProgressColumns(connection);
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT " + COLUMNS
						+ (progress ? ", " + String.join(", ", PROGRESS_COLUMNS) : "") + " FROM " + this.qualifiedTable
						+ VERSIONED)) {
			while (rs.next()) {
				rows.add(new AppliedMigration(MigrationVersion.parse(rs.getString(1)), rs.getString(2),
						MigrationKind.valueOf(rs.getString(3)), rs.getString(4), this.dialect.lockSql().readTime(rs, 5),
						rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
						rs.getBoolean(11), progress ? rs.getObject(12, Integer.class) : null,
						progress ? rs.getObject(13, Integer.class) : null));
			}
		}
		rows.sort(Comparator.comparing(AppliedMigration::version));
		return rows;
	}

	/**
	 * Every versioned row, in version order, with only what deciding whether a run has anything to do
	 * needs (version, name, type, checksum, success), or none when the table does not exist. The
	 * check at every application start: no timestamps to parse, no Down SQL to fetch. Not for
	 * status or rollback.
	 */
	public List<AppliedMigration> readForCheckIfExists(Connection connection) throws SQLException {
		return ifExists(connection, this::readForCheck);
	}

	private List<AppliedMigration> readForCheck(Connection connection) throws SQLException {
		List<AppliedMigration> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT version, name, type, checksum, success FROM " + this.qualifiedTable + VERSIONED)) {
			while (rs.next()) {
				rows.add(new AppliedMigration(MigrationVersion.parse(rs.getString(1)), rs.getString(2),
						MigrationKind.valueOf(rs.getString(3)), rs.getString(4), null, 0, 0, null, rs.getBoolean(5),
						null, true));
			}
		}
		rows.sort(Comparator.comparing(AppliedMigration::version));
		return rows;
	}

	/**
	 * Every versioned row, in version order, or none when the table does not exist: one query, with no
	 * catalog lookup first (except where the driver logs a failed query at WARN: MariaDB, MySQL).
	 * A failed query aborts an open transaction, so one is rolled back (a pool may hand out
	 * connections with auto-commit off).
	 */
	public List<AppliedMigration> readAllIfExists(Connection connection) throws SQLException {
		return ifExists(connection, this::readAll);
	}

	/**
	 * A cheap fingerprint of the whole table (versioned and repeatable rows), or {@code null} when
	 * the table does not exist: the row count, the newest id (ids are never reused, so any insert
	 * shows), how many rows succeeded (a repair or a failed rollback flips that), the newest
	 * {@code executed_at} (a resumed or re-run migration writes the database's clock) and, where
	 * the table keeps per-statement progress, the sum of the resume points. Every write of the
	 * engine changes it; a status read compares it before it reads the rows again, so that
	 * repeated reads of a long history (the endpoint, the gauges) cost one aggregate query.
	 */
	public @Nullable List<Object> stampIfExists(Connection connection) throws SQLException {
		List<List<Object>> stamp = ifExists(connection, this::stamp);
		return stamp.isEmpty() ? null : stamp.get(0);
	}

	private List<List<Object>> stamp(Connection connection) throws SQLException {
		boolean progress = hasProgressColumns(connection);
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT COUNT(*), MAX(id), SUM(CASE WHEN success THEN 1 ELSE 0 END), "
						+ "MAX(executed_at)" + (progress ? ", SUM(resume_from)" : "") + " FROM " + this.qualifiedTable)) {
			rs.next();
			List<Object> values = new ArrayList<>();
			for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
				// as text: the drivers' numeric and time types compare alike that way
				values.add(String.valueOf(rs.getString(i)));
			}
			return List.of(values);
		}
	}

	/**
	 * The rows of repeatable migrations, in name order.
	 */
	public List<AppliedRepeatable> readRepeatables(Connection connection) throws SQLException {
		List<AppliedRepeatable> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT name, checksum, executed_at, execution_time_ms, "
						+ "batch_number, installed_by, success FROM " + this.qualifiedTable + REPEATABLE)) {
			while (rs.next()) {
				rows.add(new AppliedRepeatable(rs.getString(1), rs.getString(2), this.dialect.lockSql().readTime(rs, 3),
						rs.getLong(4), rs.getInt(5), rs.getString(6), rs.getBoolean(7)));
			}
		}
		rows.sort(Comparator.comparing(AppliedRepeatable::name));
		return rows;
	}

	/**
	 * The rows of repeatable migrations, in name order, or none when the table does not exist.
	 */
	public List<AppliedRepeatable> readRepeatablesIfExists(Connection connection) throws SQLException {
		return ifExists(connection, this::readRepeatables);
	}

	/**
	 * A read of rows, or none when the table does not exist.
	 */
	private <T> List<T> ifExists(Connection connection, RowsRead<T> read) throws SQLException {
		if (this.dialect.lockSql().failedStatementsAreLogged() && !this.seen) {
			// the driver would log the failed read at WARN (MariaDB): a first start stays quiet
			if (!this.dialect.lockSql().tableExists(connection, this.qualifiedTable)) {
				return List.of();
			}
			// asked once: a table that exists is not looked up again before each read of the run
			this.seen = true;
		}
		try {
			return read.rows(connection);
		}
		catch (SQLException ex) {
			return ifMissing(connection, ex);
		}
	}

	@FunctionalInterface
	private interface RowsRead<T> {

		List<T> rows(Connection connection) throws SQLException;

	}

	private <T> List<T> ifMissing(Connection connection, SQLException ex) throws SQLException {
		if (!this.dialect.isMissingTable(ex)) {
			throw ex;
		}
		if (!connection.getAutoCommit()) {
			connection.rollback();
		}
		return List.of();
	}

	/**
	 * The number of the next batch.
	 */
	public int nextBatch(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT MAX(batch_number) FROM " + this.qualifiedTable)) {
			rs.next();
			int max = rs.getInt(1);
			return rs.wasNull() ? 1 : max + 1;
		}
	}

	/**
	 * Whether the history keeps per-statement progress: where DDL commits by itself, once the
	 * table has the columns ({@link #allowProgress}). Asked once per instance.
	 */
	public boolean hasProgressColumns(Connection connection) throws SQLException {
		if (this.dialect.supportsTransactionalDdl()) {
			return false;
		}
		Boolean known = this.progressColumns;
		if (known == null) {
			known = missingProgressColumns(connection).isEmpty();
			this.progressColumns = known;
		}
		return known;
	}

	private List<String> missingProgressColumns(Connection connection) throws SQLException {
		List<String> missing = new ArrayList<>(PROGRESS_COLUMNS);
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT * FROM " + this.qualifiedTable + " WHERE 1 = 0")) {
			ResultSetMetaData meta = rs.getMetaData();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				String column = meta.getColumnName(i);
				missing.removeIf((name) -> name.equalsIgnoreCase(column));
			}
		}
		return missing;
	}

	/**
	 * Gives a table created before per-statement progress was kept its columns (where DDL commits
	 * by itself; elsewhere nothing is asked): under the lock, before a run applies migrations. A
	 * table that has them is only asked (no DDL).
	 * @return whether the table was altered
	 */
	public boolean allowProgress(Connection connection) throws SQLException {
		if (this.dialect.supportsTransactionalDdl() || Boolean.TRUE.equals(this.progressColumns)) {
			return false;
		}
		List<String> missing = missingProgressColumns(connection);
		for (String column : missing) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(this.dialect.addHistoryColumn(this.qualifiedTable, column));
			}
		}
		this.progressColumns = true;
		return !missing.isEmpty();
	}

	/**
	 * Records a migration (a failed one with its progress, where the table keeps it).
	 */
	public void insert(Connection connection, AppliedMigration row) throws SQLException {
		boolean progress = row.statementsDone() != null && hasProgressColumns(connection);
		try (PreparedStatement statement = connection.prepareStatement(progress
				? insertSql().replace(") VALUES (", ", statements_done) VALUES (?, ") : insertSql())) {
			bind(statement, row);
			if (progress) {
				statement.setInt(11, row.statementsDone());
			}
			statement.executeUpdate();
		}
	}

	/**
	 * Records a migration that succeeded, in auto-commit, only while the lock is held: the row is
	 * selected from {@code fencedRows} (the lock row while its fence is ours, see
	 * {@code LockLease.fencedRows()}), so the write and the proof of the lock are one statement.
	 * @param fencedRows the {@code FROM} and {@code WHERE} clause of the lock row
	 * @param fence the parameter of {@code fencedRows}
	 * @return the rows written: 1 while the lock is ours, else 0 (nothing written)
	 */
	public int insertFenced(Connection connection, AppliedMigration row, String fencedRows, long fence)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + this.qualifiedTable + " ("
				+ INSERTED + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + fencedRows)) {
			bind(statement, row);
			statement.setLong(11, fence);
			return statement.executeUpdate();
		}
	}

	/**
	 * Rewrites the row of a migration that a repair let resume, with the outcome of the resumed
	 * run: applied (its progress cleared), or failed again with its new progress. The time is the
	 * database's.
	 */
	public void replace(Connection connection, AppliedMigration row) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.qualifiedTable
				+ " SET version = ?, name = ?, type = ?, checksum = ?, execution_time_ms = ?, batch_number = ?, "
				+ "installed_by = ?, success = ?, rollback_sql = ?, down_transactional = ?, statements_done = ?, "
				+ "resume_from = NULL, executed_at = " + this.dialect.timeOrNow() + " WHERE version = ?")) {
			bind(statement, row);
			statement.setObject(11, row.success() ? null : row.statementsDone(), Types.INTEGER);
			statement.setNull(12, Types.TIMESTAMP_WITH_TIMEZONE);
			statement.setString(13, row.version().toString());
			if (statement.executeUpdate() != 1) {
				throw new SQLException("The history row of " + row.version() + " to resume was not found");
			}
		}
	}

	/**
	 * Raises the recorded progress of a failed migration to {@code done} statements, where it
	 * records fewer (or none), and withdraws a repair's approval to resume: a runner that went
	 * further before it died (see {@code MigrationExecutor.recordInterrupted}).
	 * @return whether the row changed
	 */
	public boolean raiseProgress(Connection connection, MigrationVersion version, int done) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.qualifiedTable
				+ " SET statements_done = ?, resume_from = NULL WHERE version = ? AND success = ? "
				+ "AND (statements_done IS NULL OR statements_done < ?)")) {
			statement.setInt(1, done);
			statement.setString(2, version.toString());
			statement.setBoolean(3, false);
			statement.setInt(4, done);
			return statement.executeUpdate() > 0;
		}
	}

	/**
	 * Lets the next migrate resume a failed migration from statement {@code from} (0-based): a
	 * repair's {@link io.github.migrations.RepairMode#RESUME}.
	 */
	public void resumeFrom(Connection connection, MigrationVersion version, int from) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"UPDATE " + this.qualifiedTable + " SET resume_from = ? WHERE version = ? AND success = ?")) {
			statement.setInt(1, from);
			statement.setString(2, version.toString());
			statement.setBoolean(3, false);
			statement.executeUpdate();
		}
	}

	/**
	 * Marks a failed migration applied, with the checksum of its file (a repair's
	 * {@link io.github.migrations.RepairMode#MARK_APPLIED}); a repeatable one by its name.
	 * @param version the version, or {@code null} for a repeatable migration
	 * @param name the name (read for a repeatable migration only)
	 * @param checksum the checksum of its local file, or {@code null} to keep the recorded one
	 */
	public void markApplied(Connection connection, @Nullable MigrationVersion version, String name,
			@Nullable String checksum) throws SQLException {
		boolean progress = hasProgressColumns(connection);
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.qualifiedTable
				+ " SET success = ?, checksum = COALESCE(?, checksum)"
				+ (progress ? ", statements_done = NULL, resume_from = NULL" : "")
				+ ((version != null) ? " WHERE version = ?" : REPEATABLE + " AND name = ?") + " AND success = ?")) {
			statement.setBoolean(1, true);
			statement.setString(2, checksum);
			statement.setString(3, (version != null) ? version.toString() : name);
			statement.setBoolean(4, false);
			statement.executeUpdate();
		}
	}

	/**
	 * Records a migration and commits the transaction it ran in: one round trip where the
	 * dialect allows ({@link Dialect#commitsWithStatement()}), else the insert and a commit.
	 */
	public void insertAndCommit(Connection connection, AppliedMigration row) throws SQLException {
		if (!this.dialect.commitsWithStatement()) {
			insert(connection, row);
			connection.commit();
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(insertSql() + ";\nCOMMIT")) {
			bind(statement, row);
			statement.execute();
			if (statement.getUpdateCount() != 1) {
				throw new SQLException("The history row of " + row.version() + " was not inserted");
			}
		}
		// the driver saw the transaction end: this sends nothing, and the pool sees a clean commit
		connection.commit();
	}

	/**
	 * The insert of {@link #insert} as one statement with its values written into the text, for a
	 * pipelined batch (which carries no parameters); the row's execution time is left to the
	 * server, which measures it while the batch runs.
	 * @param executionTimeMs SQL for {@code execution_time_ms}
	 * @param executedAt SQL for {@code executed_at}, or {@code null} for the column's default (the
	 * transaction's start)
	 * @param before a data-modifying statement to run first, in the same statement (a {@code WITH}
	 * part: one statement less for the server to take), or {@code null}
	 */
	public String insertStatement(AppliedMigration row, String executionTimeMs, @Nullable String executedAt,
			@Nullable String before) {
		return ((before != null) ? "WITH before_insert AS (" + before + ") " : "") + "INSERT INTO " + this.qualifiedTable
				+ " (version, name, type, checksum, execution_time_ms, batch_number, installed_by, success, "
				+ "rollback_sql, down_transactional" + ((executedAt != null) ? ", executed_at" : "") + ") VALUES ("
				+ this.dialect.literal(row.version().toString()) + ", " + this.dialect.literal(row.name()) + ", "
				+ this.dialect.literal(row.kind().name()) + ", " + this.dialect.literal(row.checksum()) + ", "
				+ executionTimeMs + ", " + row.batch() + ", " + this.dialect.literal(row.installedBy()) + ", "
				+ (row.success() ? "TRUE" : "FALSE") + ", " + this.dialect.literal(row.rollbackSql()) + ", "
				+ (row.downTransactional() ? "TRUE" : "FALSE") + ((executedAt != null) ? ", " + executedAt : "") + ")";
	}

	/**
	 * The time the row of {@code version} was written, for a statement's text: the start of the
	 * next migration of a group (see {@link #insertStatement}).
	 */
	public String executedAtOf(MigrationVersion version) {
		return "(SELECT executed_at FROM " + this.qualifiedTable + " WHERE version = "
				+ this.dialect.literal(version.toString()) + ")";
	}

	/**
	 * Records rows that were applied before this history existed (an imported foreign history, a
	 * baseline), each with its own time ({@code null}: now), in one batch on the caller's
	 * transaction.
	 */
	public void insertAll(Connection connection, List<AppliedMigration> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + this.qualifiedTable
				+ " (version, name, type, checksum, execution_time_ms, batch_number, installed_by, success, "
				+ "rollback_sql, down_transactional, executed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
				+ this.dialect.timeOrNow() + ")")) {
			for (AppliedMigration row : rows) {
				bind(statement, row);
				if (row.executedAt() != null) {
					this.dialect.lockSql().bindTime(statement, 11, row.executedAt());
				}
				else {
					statement.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
				}
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	private String insertSql() {
		return "INSERT INTO " + this.qualifiedTable + " (" + INSERTED + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	}

	private static void bind(PreparedStatement statement, AppliedMigration row) throws SQLException {
		statement.setString(1, row.version().toString());
		statement.setString(2, row.name());
		statement.setString(3, row.kind().name());
		statement.setString(4, row.checksum());
		statement.setLong(5, row.executionTimeMs());
		statement.setInt(6, row.batch());
		statement.setString(7, row.installedBy());
		statement.setBoolean(8, row.success());
		statement.setString(9, row.rollbackSql());
		statement.setBoolean(10, row.downTransactional());
	}

	/**
	 * Records a run of a repeatable migration: its row replaces the row of its last run (one row
	 * per name), in the caller's transaction. Writes {@code executed_at} when the row carries it (an
	 * imported row), else the database's clock. Call {@link #allowRepeatables} first, once, on a
	 * table that may predate repeatable migrations.
	 */
	public void recordRepeatable(Connection connection, AppliedRepeatable row) throws SQLException {
		try (PreparedStatement delete = connection
			.prepareStatement("DELETE FROM " + this.qualifiedTable + REPEATABLE + " AND name = ?")) {
			delete.setString(1, row.name());
			delete.executeUpdate();
		}
		boolean at = row.executedAt() != null;
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + this.qualifiedTable
				+ " (version, name, type, checksum, execution_time_ms, batch_number, installed_by, success"
				+ (at ? ", executed_at" : "") + ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?" + (at ? ", ?" : "") + ")")) {
			insert.setString(1, row.name());
			insert.setString(2, MigrationKind.REPEATABLE.name());
			insert.setString(3, row.checksum());
			insert.setLong(4, row.executionTimeMs());
			insert.setInt(5, row.batch());
			insert.setString(6, row.installedBy());
			insert.setBoolean(7, row.success());
			if (at) {
				this.dialect.lockSql().bindTime(insert, 8, row.executedAt());
			}
			insert.executeUpdate();
		}
	}

	/**
	 * Lets the table hold rows without a version, for a table created when its {@code version}
	 * column was {@code NOT NULL}: altered once, under the lock, when the first repeatable row is
	 * about to be written; a table that already allows it is only asked (no DDL, no lock taken).
	 * @return whether the table was altered
	 */
	public boolean allowRepeatables(Connection connection) throws SQLException {
		boolean notNull;
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT version FROM " + this.qualifiedTable + " WHERE 1 = 0")) {
			notNull = rs.getMetaData().isNullable(1) == ResultSetMetaData.columnNoNulls;
		}
		if (notNull) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(this.dialect.allowNullHistoryVersion(this.qualifiedTable));
			}
		}
		if (!connection.getAutoCommit()) {
			connection.commit();
		}
		return notNull;
	}

	/**
	 * Removes a migration's row (rollback, repair).
	 * @return whether a row was removed
	 */
	public boolean delete(Connection connection, MigrationVersion version) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("DELETE FROM " + this.qualifiedTable + " WHERE version = ?")) {
			statement.setString(1, version.toString());
			return statement.executeUpdate() > 0;
		}
	}

	/**
	 * Marks a migration failed (a non-transactional rollback stopped part-way).
	 */
	public void markFailed(Connection connection, MigrationVersion version) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("UPDATE " + this.qualifiedTable + " SET success = ? WHERE version = ?")) {
			statement.setBoolean(1, false);
			statement.setString(2, version.toString());
			statement.executeUpdate();
		}
	}

	/**
	 * Removes the rows of failed (dirty) migrations.
	 * @return how many were removed
	 */
	public int deleteFailed(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("DELETE FROM " + this.qualifiedTable + " WHERE success = ?")) {
			statement.setBoolean(1, false);
			return statement.executeUpdate();
		}
	}

	/**
	 * The user the database knows this connection as, for {@code installed_by}.
	 */
	public @Nullable String currentUser(Connection connection) throws SQLException {
		return connection.getMetaData().getUserName();
	}

}
