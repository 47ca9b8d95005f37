package io.github.migrations.rollback;

import io.github.migrations.Migrator;
import io.github.migrations.run.Target;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The audit trail of the operations that remove history rows, rollback and repair
 * ({@code <history table>_audit}): who asked for what, when, and how it ended. Dry runs are
 * recorded too. Each record is committed on a connection of its own, so it
 * stays whatever the rollback does next.
 *
 * @param target the database
 * @param operation what the records are of: {@code rollback} or {@code repair}
 */
record RollbackAudit(Target target, String operation) {

	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private String qualifiedTable() {
		return this.target.history().qualifiedTable() + "_audit";
	}

	/**
	 * Records one operation (creating the table if missing).
	 * @param actor who asked
	 * @param request the request, as text
	 * @param versions the versions reverted or cleared (or planned), comma-separated
	 * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code REFUSED} or {@code DRY_RUN}
	 * @param message the failure message, or {@code null}
	 */
	void record(String actor, String request, String versions, String outcome, @Nullable String message) {
		this.target.inConnection((connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			jdbc.execute(this.target.dialect().createAuditTable(qualifiedTable()));
			jdbc.update("INSERT INTO " + qualifiedTable()
					+ " (actor, operation, request, versions, outcome, message) VALUES (?, ?, ?, ?, ?, ?)", actor,
					this.operation, request, versions, outcome,
					(message != null && message.length() > 2000) ? message.substring(0, 2000) : message);
			if (!autoCommit) {
				connection.commit();
			}
			return null;
		});
	}

	/**
	 * {@link #record}, for an operation that already failed: a failure to record is logged, so
	 * that it does not hide the operation's own.
	 */
	void recordQuietly(String actor, String request, String versions, String outcome, @Nullable String message) {
		try {
			record(actor, request, versions, outcome, message);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the {} in {}", this.operation, qualifiedTable(), ex);
		}
	}

}
