package io.github.migrations.history;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.dialect.Dialect;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Reads and writes the history table ({@code schema_migrations}). Every method works on the
 * connection it is given, so a migration's row is written in the migration's own transaction.
 */
public final class SchemaHistory {

	private static final String COLUMNS = "version, name, type, checksum, executed_at, execution_time_ms, "
			+ "batch_number, installed_by, success, rollback_sql, down_transactional";

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
	 * Whether the table exists (without creating it).
	 */
	public boolean exists(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		for (String name : List.of(this.table, this.table.toLowerCase(Locale.ROOT), this.table.toUpperCase(Locale.ROOT))) {
			try (ResultSet rs = metaData.getTables(null, this.schema, name, new String[] { "TABLE", "BASE TABLE" })) {
				if (rs.next()) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Creates the table if it does not exist; never alters an existing one.
	 */
	public void createIfMissing(Connection connection) {
		jdbc(connection).execute(this.dialect.createHistoryTable(this.qualifiedTable));
	}

	/**
	 * Every row, in version order.
	 */
	public List<AppliedMigration> readAll(Connection connection) {
		List<AppliedMigration> rows = new ArrayList<>(jdbc(connection).query(
				"SELECT " + COLUMNS + " FROM " + this.qualifiedTable,
				(rs, i) -> new AppliedMigration(MigrationVersion.parse(rs.getString(1)), rs.getString(2),
						MigrationKind.valueOf(rs.getString(3)), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
						rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9), rs.getString(10),
						rs.getBoolean(11))));
		rows.sort(Comparator.comparing(AppliedMigration::version));
		return rows;
	}

	/**
	 * The number of the next batch.
	 */
	public int nextBatch(Connection connection) {
		Integer max = jdbc(connection).queryForObject("SELECT MAX(batch_number) FROM " + this.qualifiedTable,
				Integer.class);
		return (max != null) ? max + 1 : 1;
	}

	/**
	 * Records a migration.
	 */
	public void insert(Connection connection, AppliedMigration row) {
		jdbc(connection).update("INSERT INTO " + this.qualifiedTable
				+ " (version, name, type, checksum, execution_time_ms, batch_number, installed_by, success, "
				+ "rollback_sql, down_transactional) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.version().toString(),
				row.name(), row.kind().name(), row.checksum(), row.executionTimeMs(), row.batch(), row.installedBy(),
				row.success(), row.rollbackSql(), row.downTransactional());
	}

	/**
	 * Removes a migration's row (rollback, repair).
	 * @return whether a row was removed
	 */
	public boolean delete(Connection connection, MigrationVersion version) {
		return jdbc(connection).update("DELETE FROM " + this.qualifiedTable + " WHERE version = ?",
				version.toString()) > 0;
	}

	/**
	 * Marks a migration failed (a non-transactional rollback stopped part-way).
	 */
	public void markFailed(Connection connection, MigrationVersion version) {
		jdbc(connection).update("UPDATE " + this.qualifiedTable + " SET success = ? WHERE version = ?", false,
				version.toString());
	}

	/**
	 * Removes the rows of failed (dirty) migrations.
	 * @return how many were removed
	 */
	public int deleteFailed(Connection connection) {
		return jdbc(connection).update("DELETE FROM " + this.qualifiedTable + " WHERE success = ?", false);
	}

	/**
	 * The user the database knows this connection as, for {@code installed_by}.
	 */
	public @Nullable String currentUser(Connection connection) throws SQLException {
		return connection.getMetaData().getUserName();
	}

	private static JdbcTemplate jdbc(Connection connection) {
		return new JdbcTemplate(new SingleConnectionDataSource(connection, true));
	}

}
