package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.parse.ScriptSection;
import org.jspecify.annotations.Nullable;

/**
 * Another tool's history table: its name, how to recognise it by its columns, and how its rows
 * become ours. Only ever read.
 */
abstract class ForeignHistory {

	/**
	 * The batch of rows that no run of ours applied (imported, or a baseline): the endpoint's
	 * "last run from the history" and a rollback of the last batch pass them by.
	 */
	static final int IMPORTED_BATCH = 0;

	private final HistoryImport source;

	private final String table;

	private final List<String> columns;

	/**
	 * @param columns the columns the tool's table has (lower case), in the order the tool creates
	 * them
	 */
	ForeignHistory(HistoryImport source, String table, List<String> columns) {
		this.source = source;
		this.table = table;
		this.columns = columns;
	}

	HistoryImport source() {
		return this.source;
	}

	/**
	 * The table's name (unquoted, as the tool creates it).
	 */
	String table() {
		return this.table;
	}

	/**
	 * Whether a table of this name with these columns (lower case) is this tool's: it has the
	 * tool's columns, and maybe more.
	 */
	boolean hasShape(Set<String> columns) {
		return columns.containsAll(this.columns);
	}

	/**
	 * The columns the tool's table has, for the error when a table of its name has others.
	 */
	String shape() {
		return String.join(", ", this.columns);
	}

	/**
	 * Reads the table and makes our rows of it, in version order.
	 * @param qualifiedTable the table, schema-qualified and quoted
	 * @param local the local migrations
	 */
	abstract Rows read(Connection connection, String qualifiedTable, LocalFiles local) throws SQLException;

	/**
	 * Our rows of a foreign history (versioned and repeatable), and how many of its rows were left
	 * out.
	 */
	record Rows(List<AppliedMigration> rows, List<AppliedRepeatable> repeatables, int skipped) {

		Rows(List<AppliedMigration> rows, int skipped) {
			this(rows, List.of(), skipped);
		}

	}

	/**
	 * One of our rows for a version the tool applied. The local file, when there is one, gives
	 * the name, the kind, and the Down SQL (so that a rollback works as if we had applied it).
	 * @param checksum what to record (the local file's checksum when the tool's matched it)
	 */
	static AppliedMigration row(MigrationVersion version, String name, MigrationKind kind, @Nullable String checksum,
			@Nullable OffsetDateTime executedAt, long executionTimeMs, @Nullable String installedBy, boolean success,
			@Nullable ResolvedMigration file) {
		String rollbackSql = null;
		boolean downTransactional = true;
		if (file != null && file.text() != null && kind != MigrationKind.BASELINE) {
			ScriptSection down = file.sections().down();
			if (down != null) {
				rollbackSql = down.text();
				downTransactional = down.transactional();
			}
		}
		boolean ours = file != null && kind != MigrationKind.BASELINE;
		return new AppliedMigration(version, ours ? file.name() : name,
				ours ? file.kind() : kind, checksum, executedAt,
				executionTimeMs, IMPORTED_BATCH, installedBy, success, rollbackSql, downTransactional);
	}

	/**
	 * The local file's checksum, for a tool that records none: what we would have recorded.
	 */
	static @Nullable String localChecksum(@Nullable ResolvedMigration file) {
		return (file != null) ? file.checksum() : null;
	}

	static @Nullable OffsetDateTime utc(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? OffsetDateTime.ofInstant(timestamp.toInstant(), ZoneOffset.UTC) : null;
	}

}
