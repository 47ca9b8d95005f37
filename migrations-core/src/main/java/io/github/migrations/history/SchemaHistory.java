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

	// the rows of repeatable migrations have no version; the versioned reads leave them out
	private static final String VERSIONED = " WHERE version IS NOT NULL";

	private static final String REPEATABLE = " WHERE version IS NULL";

	private final Dialect dialect;

	private final String schema;

	private final String table;

	private final String qualifiedTable;

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
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT " + COLUMNS + " FROM " + this.qualifiedTable + VERSIONED)) {
			while (rs.next()) {
				rows.add(new AppliedMigration(MigrationVersion.parse(rs.getString(1)), rs.getString(2),
						MigrationKind.valueOf(rs.getString(3)), rs.getString(4), this.dialect.lockSql().readTime(rs, 5),
						rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
						rs.getBoolean(11)));
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
		catch (SQLException ex) {
			return ifMissing(connection, ex);
		}
		rows.sort(Comparator.comparing(AppliedMigration::version));
		return rows;
	}

	/**
	 * Every versioned row, in version order, or none when the table does not exist: one query, with no
	 * catalog lookup first.
	 * A failed query aborts an open transaction, so one is rolled back (a pool may hand out
	 * connections with auto-commit off).
	 */
	public List<AppliedMigration> readAllIfExists(Connection connection) throws SQLException {
		return ifExists(connection, this::readAll);
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
	 * Records a migration.
	 */
	public void insert(Connection connection, AppliedMigration row) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(insertSql())) {
			bind(statement, row);
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
		return "INSERT INTO " + this.qualifiedTable
				+ " (version, name, type, checksum, execution_time_ms, batch_number, installed_by, success, "
				+ "rollback_sql, down_transactional) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
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
