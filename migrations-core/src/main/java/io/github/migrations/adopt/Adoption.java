package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import io.github.migrations.HistoryImport;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.lock.LockLease;
import org.jspecify.annotations.Nullable;

/**
 * What a schema without our history table holds, and what the first run does about it:
 * <ol>
 * <li>a known foreign history (Flyway's, sql-migrate's, goose's, golang-migrate's; which are
 * looked for is {@code migrations.import-history}) becomes ours: under the lock, in one fenced
 * transaction, our table is created, every row inserted and the import audited, then committed
 * together (a run that dies on the way leaves nothing, and the next one imports cleanly);</li>
 * <li>else, a schema with tables of its own is refused, or, with
 * {@code migrations.baseline-on-migrate}, gets a baseline row (in the same kind of
 * transaction);</li>
 * <li>else (no tables, or only ours) it is a new schema: nothing to adopt.</li>
 * </ol>
 * {@link #inspect} only reads, so the plan before the lock (and a status read) can show the
 * foreign rows as ours already. The foreign table is never written.
 */
public final class Adoption {

	private final Dialect dialect;

	private final String schema;

	private final SchemaHistory history;

	private final MigratorConfig config;

	private final SchemaCatalog catalog;

	public Adoption(Dialect dialect, String schema, SchemaHistory history, MigratorConfig config) {
		this.dialect = dialect;
		this.schema = schema;
		this.history = history;
		this.config = config;
		this.catalog = new SchemaCatalog(schema, dialect.lexicalRules()::fold);
	}

	/**
	 * Whether our history table exists.
	 */
	public boolean historyExists(Connection connection) throws SQLException {
		return this.catalog.find(connection, this.config.getTable()) != null;
	}

	/**
	 * What the schema holds, read without writing; call it when our history table does not exist.
	 */
	public Finding inspect(Connection connection, List<ResolvedMigration> local) throws SQLException {
		for (ForeignHistory foreign : candidates()) {
			String stored = this.catalog.find(connection, foreign.table());
			if (stored == null) {
				continue;
			}
			Set<String> columns = this.catalog.columns(connection, stored);
			if (!foreign.hasShape(columns)) {
				if (this.config.getImportHistory() == foreign.source()) {
					throw new MigrationAdoptionException(
							"Table " + qualify(stored) + " is not " + foreign.source().toolName() + "'s history table",
							qualify(stored), "columns " + String.join(", ", columns) + "; expected " + foreign.shape(),
							"Check migrations.import-history" + ((foreign instanceof FlywayHistory)
									? " and migrations.import-flyway-table" : "")
									+ ", or set migrations.import-history=none.");
				}
				continue;
			}
			String qualified = qualify(stored);
			ForeignHistory.Rows rows = foreign.read(connection, qualified, new LocalFiles(local));
			return new Import(foreign.source(), qualified, rows.rows(), rows.repeatables(), rows.skipped());
		}
		List<String> own = ownTables(connection);
		if (own.isEmpty()) {
			return new NewSchema();
		}
		if (this.config.isBaselineOnMigrate()) {
			return new Baseline(this.config.getBaselineVersion());
		}
		return new Refused(own);
	}

	/**
	 * Imports the rows of a foreign history: creates our table, inserts them and audits the
	 * import in one transaction that first proves the lock is ours, then commits.
	 * @param actor who runs (for the audit trail)
	 */
	public ImportedHistory importHistory(Connection connection, Import found, LockLease lease, String actor)
			throws SQLException {
		StringJoiner versions = new StringJoiner(",");
		found.rows().forEach((row) -> versions.add(row.version().toString()));
		found.repeatables().forEach((row) -> versions.add("R__" + row.name()));
		ImportedHistory imported = new ImportedHistory(found.source(), found.table(),
				found.rows().size() + found.repeatables().size(), found.skipped());
		lease.inTransaction(connection, () -> {
			this.history.createIfMissing(connection);
			this.history.insertAll(connection, found.rows());
			for (AppliedRepeatable repeatable : found.repeatables()) {
				this.history.recordRepeatable(connection, repeatable);
			}
			audit(connection, actor, "import", found.source().toolName() + " " + found.table(), versions.toString(),
					imported.toString());
		});
		return imported;
	}

	/**
	 * Records a baseline row at {@code version} (creating our table), audited, in one fenced
	 * transaction.
	 * @throws MigrationAdoptionException when the history already has rows
	 */
	public void baseline(Connection connection, MigrationVersion version, LockLease lease, String actor)
			throws SQLException {
		lease.inTransaction(connection, () -> {
			this.history.createIfMissing(connection);
			List<AppliedMigration> rows = this.history.readAll(connection);
			List<AppliedRepeatable> repeatables = this.history.readRepeatables(connection);
			if (!rows.isEmpty() || !repeatables.isEmpty()) {
				int count = rows.size() + repeatables.size();
				throw new MigrationAdoptionException("Cannot record a baseline: the history already has "
						+ count + " row" + ((count == 1) ? "" : "s"), this.history.qualifiedTable(),
						rows.isEmpty() ? "repeatable migration " + repeatables.get(0).name()
								: "newest version " + rows.get(rows.size() - 1).version(),
						"A baseline only starts a history. Nothing to do if the history is right; migrate instead.");
			}
			this.history.insertAll(connection, List.of(baselineRow(version, null)));
			audit(connection, actor, "baseline", "version " + version, version.toString(), null);
		});
	}

	/**
	 * The marker row of a baseline at {@code version}.
	 * @param installedBy who recorded it, or {@code null}
	 */
	public static AppliedMigration baselineRow(MigrationVersion version, @Nullable String installedBy) {
		return new AppliedMigration(version, "<< Baseline >>", MigrationKind.BASELINE, null, null, 0,
				ForeignHistory.IMPORTED_BATCH, installedBy, true, null, true);
	}

	/**
	 * Called when a read of our history table failed for another reason than its absence: when
	 * the table is a foreign one under our name (golang-migrate's {@code schema_migrations} is
	 * the default name), throws the error that says so; otherwise returns and the caller rethrows.
	 */
	public void explainFailedRead(Connection connection) throws SQLException {
		String stored = this.catalog.find(connection, this.config.getTable());
		if (stored == null) {
			return;
		}
		Set<String> columns = this.catalog.columns(connection, stored);
		if (columns.contains("checksum") && columns.contains("batch_number")) {
			return;
		}
		String qualified = qualify(stored);
		GolangMigrateHistory golang = new GolangMigrateHistory();
		if (golang.hasShape(columns)) {
			throw new MigrationAdoptionException("Table " + qualified
					+ " is golang-migrate's version table, not this starter's history: it has the same name",
					qualified, "columns " + String.join(", ", columns),
					"Set migrations.table to another name (for example migrations_history): the first run then "
							+ "imports golang-migrate's table into it (migrations.import-history=auto or "
							+ "golang-migrate) and leaves " + qualified + " as it is.");
		}
		throw new MigrationAdoptionException("Table " + qualified + " is not this starter's history table",
				qualified, "columns " + String.join(", ", columns),
				"Set migrations.table to the name of a table this starter may create, or move that table away.");
	}

	private List<ForeignHistory> candidates() {
		List<ForeignHistory> all = new ArrayList<>();
		HistoryImport mode = this.config.getImportHistory();
		if (mode == HistoryImport.AUTO || mode == HistoryImport.FLYWAY) {
			all.add(new FlywayHistory(this.config.getImportFlywayTable()));
		}
		if (mode == HistoryImport.AUTO || mode == HistoryImport.SQL_MIGRATE) {
			all.add(new SqlMigrateHistory());
		}
		if (mode == HistoryImport.AUTO || mode == HistoryImport.GOOSE) {
			all.add(new GooseHistory());
		}
		if ((mode == HistoryImport.AUTO || mode == HistoryImport.GOLANG_MIGRATE)
				&& !this.config.getTable().equalsIgnoreCase("schema_migrations")) {
			all.add(new GolangMigrateHistory());
		}
		return all;
	}

	/**
	 * The tables of the schema that are not ours (history, lock, audit, backfill progress).
	 */
	private List<String> ownTables(Connection connection) throws SQLException {
		String table = this.config.getTable();
		Set<String> ours = Set.of(table.toLowerCase(), this.config.getLockTable().toLowerCase(),
				(table + "_audit").toLowerCase(), (table + "_backfill").toLowerCase());
		List<String> own = new ArrayList<>();
		for (String name : this.catalog.tables(connection)) {
			if (!ours.contains(name.toLowerCase())) {
				own.add(name);
			}
		}
		return own;
	}

	private String qualify(String storedName) {
		return this.dialect.quote(this.schema) + "." + this.dialect.quote(storedName);
	}

	private void audit(Connection connection, String actor, String operation, String request, String versions,
			@Nullable String message) throws SQLException {
		String table = this.history.qualifiedTable() + "_audit";
		try (Statement statement = connection.createStatement()) {
			statement.execute(this.dialect.createAuditTable(table));
		}
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table
				+ " (actor, operation, request, versions, outcome, message) VALUES (?, ?, ?, ?, ?, ?)")) {
			statement.setString(1, truncate(actor, 200));
			statement.setString(2, operation);
			statement.setString(3, truncate(request, 200));
			statement.setString(4, truncate(versions, 4000));
			statement.setString(5, "SUCCESS");
			statement.setString(6, (message != null) ? truncate(message, 2000) : null);
			statement.executeUpdate();
		}
	}

	private static String truncate(String text, int max) {
		return (text.length() > max) ? text.substring(0, max) : text;
	}

	/**
	 * What a schema without our history holds.
	 */
	public sealed interface Finding permits Import, Baseline, Refused, NewSchema {

		/**
		 * The rows the history will have once this is acted on, for a plan made before (a status
		 * read, the check before the lock).
		 */
		List<AppliedMigration> rows();

		/**
		 * The rows of repeatable migrations it will have.
		 */
		default List<AppliedRepeatable> repeatables() {
			return List.of();
		}

	}

	/**
	 * A foreign history to import.
	 *
	 * @param source the tool
	 * @param table the foreign table, schema-qualified and quoted
	 * @param rows our rows of it, in version order
	 * @param repeatables our rows of its repeatable migrations
	 * @param skipped its rows left out
	 */
	public record Import(HistoryImport source, String table, List<AppliedMigration> rows,
			List<AppliedRepeatable> repeatables, int skipped) implements Finding {
	}

	/**
	 * Tables of its own and {@code migrations.baseline-on-migrate}: a baseline to record.
	 */
	public record Baseline(MigrationVersion version) implements Finding {

		@Override
		public List<AppliedMigration> rows() {
			return List.of(baselineRow(this.version, null));
		}

	}

	/**
	 * Tables of its own, no history and no baseline: the run is refused.
	 *
	 * @param tables the schema's own tables
	 */
	public record Refused(List<String> tables) implements Finding {

		@Override
		public List<AppliedMigration> rows() {
			return List.of();
		}

		/**
		 * The error that refuses the run.
		 * @param schema the schema
		 * @param history our history table, qualified
		 */
		public MigrationAdoptionException error(String schema, String history) {
			List<String> shown = this.tables.subList(0, Math.min(5, this.tables.size()));
			return new MigrationAdoptionException("Schema " + schema + " has tables of its own but no migration "
					+ "history: refusing to run every migration over them", history,
					this.tables.size() + " table" + ((this.tables.size() == 1) ? "" : "s") + ": "
							+ String.join(", ", shown) + ((this.tables.size() > shown.size()) ? ", ..." : ""),
					"If another tool made them, import its history (migrations.import-history=flyway, "
							+ "sql-migrate, goose or golang-migrate; auto finds them in this schema), or record a "
							+ "baseline: migrations.baseline-on-migrate=true marks every migration up to "
							+ "migrations.baseline-version (default 1) as applied without running it. Or point "
							+ "the migrations at an empty schema (migrations.schema).");
		}

	}

	/**
	 * No tables but ours: a new schema, nothing to adopt.
	 */
	public record NewSchema() implements Finding {

		@Override
		public List<AppliedMigration> rows() {
			return List.of();
		}

	}

}
