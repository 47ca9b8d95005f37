package io.github.migrations.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import io.github.migrations.MigrationVersion;
import io.github.migrations.dialect.Dialect;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the progress table of batched backfills
 * ({@link io.github.migrations.backfill.Backfill}; {@code <history table>_backfill}, created by the
 * dialect): one row per migration version and backfill name. Every method works on the
 * connection it is given, so a batch's progress commits in the batch's own transaction.
 * <p>
 * States: {@code RUNNING} (batches committed up to {@code last_key}; a new run resumes after it)
 * and {@code DONE} (every batch committed and validated; a new run of the same migration, after a
 * crash between the backfill's end and the history row, skips the batches). A rollback of the
 * migration deletes its rows, so that applying it again runs its backfills again.
 */
public final class BackfillProgressTable {

	/** Batches are committed up to {@code last_key}. */
	public static final String RUNNING = "RUNNING";

	/** Every batch is committed and the validations passed. */
	public static final String DONE = "DONE";

	private static final String COLUMNS = "state, last_key, rows_done, batches, runs, resumed_from";

	private final Dialect dialect;

	private final String qualifiedTable;

	private BackfillProgressTable(Dialect dialect, String qualifiedTable) {
		this.dialect = dialect;
		this.qualifiedTable = qualifiedTable;
	}

	/**
	 * The progress table next to a history table.
	 * @param historyTable the history table, schema-qualified as the engine uses it
	 */
	public static BackfillProgressTable of(Dialect dialect, String historyTable) {
		return new BackfillProgressTable(dialect, historyTable + "_backfill");
	}

	public String qualifiedTable() {
		return this.qualifiedTable;
	}

	public void createIfMissing(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(this.dialect.createBackfillTable(this.qualifiedTable));
		}
	}

	public @Nullable Stored read(Connection connection, MigrationVersion version, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT " + COLUMNS + " FROM " + this.qualifiedTable + " WHERE version = ? AND name = ?")) {
			statement.setString(1, version.toString());
			statement.setString(2, name);
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					return null;
				}
				return new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5),
						rs.getString(6));
			}
		}
	}

	/**
	 * The first run of a backfill: a {@code RUNNING} row with nothing done.
	 */
	public void start(Connection connection, MigrationVersion version, String name) throws SQLException {
		update(connection, "INSERT INTO " + this.qualifiedTable
				+ " (version, name, state, rows_done, batches, runs) VALUES (?, ?, '" + RUNNING + "', 0, 0, 1)",
				version, name);
	}

	/**
	 * Another run of a backfill: counts it and remembers the key it resumes after.
	 */
	public void resume(Connection connection, MigrationVersion version, String name) throws SQLException {
		update(connection, "UPDATE " + this.qualifiedTable + " SET runs = runs + 1, resumed_from = last_key, "
				+ "updated_at = CURRENT_TIMESTAMP WHERE version = ? AND name = ?", version, name);
	}

	/**
	 * Records a batch, in the batch's transaction. The expected batch count guards against two
	 * writers (which the migration lock already rules out).
	 */
	public void advance(Connection connection, MigrationVersion version, String name, long batchesBefore, String lastKey,
			int rows) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.qualifiedTable
				+ " SET last_key = ?, rows_done = rows_done + ?, batches = batches + 1, updated_at = CURRENT_TIMESTAMP "
				+ "WHERE version = ? AND name = ? AND batches = ? AND state = '" + RUNNING + "'")) {
			statement.setString(1, lastKey);
			statement.setLong(2, rows);
			statement.setString(3, version.toString());
			statement.setString(4, name);
			statement.setLong(5, batchesBefore);
			if (statement.executeUpdate() != 1) {
				throw new IllegalStateException("The progress row of backfill '" + name + "' (migration " + version
						+ ") in " + this.qualifiedTable + " changed under this run");
			}
		}
	}

	public void complete(Connection connection, MigrationVersion version, String name) throws SQLException {
		update(connection, "UPDATE " + this.qualifiedTable + " SET state = '" + DONE + "', "
				+ "completed_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE version = ? AND name = ?",
				version, name);
	}

	/**
	 * Deletes the progress of every backfill of a migration (its rollback); nothing when the table
	 * does not exist (no backfill ever ran).
	 * @return how many rows were deleted
	 */
	public int forget(Connection connection, MigrationVersion version) throws SQLException {
		String sql = "DELETE FROM " + this.qualifiedTable + " WHERE version = ?";
		// In a transaction a failed statement (the missing table) would abort it on PostgreSQL:
		// a savepoint keeps the rollback's own work.
		Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, version.toString());
			int deleted = statement.executeUpdate();
			if (savepoint != null) {
				connection.releaseSavepoint(savepoint);
			}
			return deleted;
		}
		catch (SQLException ex) {
			if (!this.dialect.isMissingTable(ex)) {
				throw ex;
			}
			if (savepoint != null) {
				connection.rollback(savepoint);
			}
			return 0;
		}
	}

	private static void update(Connection connection, String sql, MigrationVersion version, String name)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, version.toString());
			statement.setString(2, name);
			statement.executeUpdate();
		}
	}

	/**
	 * A progress row.
	 */
	public record Stored(String state, @Nullable String lastKey, long rowsDone, long batches, int runs,
			@Nullable String resumedFrom) {

		public boolean done() {
			return DONE.equals(this.state);
		}

	}

}
