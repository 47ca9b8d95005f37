package io.github.migrations.history;

import java.sql.Connection;

import io.github.migrations.dialect.Dialect;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The audit trail of rollbacks ({@code <history table>_audit}): who asked for what, when, and how
 * it ended. Dry runs are recorded too.
 */
public final class RollbackAudit {

	private final Dialect dialect;

	private final String qualifiedTable;

	public RollbackAudit(Dialect dialect, String qualifiedTable) {
		this.dialect = dialect;
		this.qualifiedTable = qualifiedTable;
	}

	public String qualifiedTable() {
		return this.qualifiedTable;
	}

	/**
	 * Records one rollback (creating the table if missing).
	 * @param actor who asked
	 * @param request the request, as text
	 * @param versions the versions reverted (or planned), comma-separated
	 * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code REFUSED} or {@code DRY_RUN}
	 * @param message the failure message, or {@code null}
	 */
	public void record(Connection connection, String actor, String request, String versions, String outcome,
			@Nullable String message) {
		JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
		jdbc.execute(this.dialect.createAuditTable(this.qualifiedTable));
		jdbc.update("INSERT INTO " + this.qualifiedTable
				+ " (actor, operation, request, versions, outcome, message) VALUES (?, ?, ?, ?, ?, ?)", actor,
				"rollback", request, versions, outcome, (message != null && message.length() > 2000)
						? message.substring(0, 2000) : message);
	}

}
