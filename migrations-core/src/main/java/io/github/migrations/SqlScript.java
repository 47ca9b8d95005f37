package io.github.migrations;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The SQL an operation would send, in order, recorded by running the operation's own code over
 * connections that send nothing that writes ({@link Migrator#migrateSql()},
 * {@link Migrator#rollbackSql}, {@link Migrator#importSql()}): the lock's and the history's
 * statements as the dialect writes them, each migration's statements with their placeholders
 * replaced, the transactions as the executor opens and commits them, and what runs in autocommit
 * (a {@code notransaction} section, the lock's own steps). Reads are not shown; they ran, since
 * they decide what the operation does. Parameters of prepared statements are shown bound, as SQL
 * literals.
 *
 * @param operation {@code migrate}, {@code rollback} or {@code import}
 * @param database the database product and version
 * @param schema the schema of the history and lock tables
 * @param statements what would be sent, in order
 */
public record SqlScript(String operation, String database, String schema, List<Statement> statements) {

	public SqlScript {
		statements = List.copyOf(statements);
	}

	/**
	 * What a statement is for.
	 */
	public enum Kind {

		/** A statement of the migration lock (its table, acquire, fence, release). */
		LOCK,

		/** A statement on the history table (create, insert, delete). */
		HISTORY,

		/** A row of the audit trail of rollbacks, repairs and imports. */
		AUDIT,

		/** A statement of a migration, Up or Down. */
		MIGRATION,

		/** A transaction boundary: {@code BEGIN}, {@code COMMIT}. */
		TRANSACTION,

		/** Anything else the engine sends (the schema, a session reset, a callback). */
		OTHER

	}

	/**
	 * One statement.
	 *
	 * @param kind what it is for
	 * @param sql its text, parameters bound
	 * @param autocommit whether it runs outside a transaction (committed by itself)
	 * @param migration the migration it belongs to ({@code 20250101000000 create_users (up)}), or
	 * {@code null} outside one
	 * @param source where a migration's statement is written ({@code file:line}), or {@code null}
	 */
	public record Statement(Kind kind, String sql, boolean autocommit, @Nullable String migration,
			@Nullable String source) {
	}

	/**
	 * Whether the operation would send nothing (nothing pending, nothing to revert).
	 */
	public boolean isEmpty() {
		return this.statements.isEmpty();
	}

	/**
	 * The script as a reviewer reads it: a header, then each statement after a comment saying
	 * what it is ({@code -- lock}, {@code -- history}, {@code -- file:line}, {@code -- begin
	 * transaction}), a blank line before each migration.
	 */
	public String render() {
		StringBuilder text = new StringBuilder();
		text.append("-- ").append(this.operation).append(" on ").append(this.database).append(", schema ")
			.append(this.schema).append(": the SQL it would send, in order. Nothing was run.\n");
		if (this.statements.isEmpty()) {
			return text.append("-- nothing to do\n").toString();
		}
		text.append("-- Reads are not shown; parameters are shown bound. The lock's fence shows as this dry run's (0):\n")
			.append("-- a real run binds the one its acquire returns.\n");
		String migration = null;
		for (Statement statement : this.statements) {
			if (statement.migration() != null && !statement.migration().equals(migration)) {
				text.append("\n-- migration ").append(statement.migration()).append('\n');
			}
			else if (statement.migration() == null && migration != null) {
				text.append('\n');
			}
			migration = statement.migration();
			if (statement.kind() == Kind.TRANSACTION) {
				boolean begin = statement.sql().equalsIgnoreCase("BEGIN");
				text.append(begin ? "-- begin transaction\n" : "").append(statement.sql()).append(";\n")
					.append(begin ? "" : "-- end transaction\n");
				continue;
			}
			String label = (statement.kind() == Kind.MIGRATION)
					? ((statement.source() != null) ? statement.source() : "migration")
					: statement.kind().name().toLowerCase(Locale.ROOT);
			text.append("-- ").append(label).append(statement.autocommit() ? " (autocommit)" : "").append('\n');
			String sql = statement.sql().strip();
			text.append(sql).append(sql.endsWith(";") ? "" : ";").append('\n');
		}
		return text.toString();
	}

}
