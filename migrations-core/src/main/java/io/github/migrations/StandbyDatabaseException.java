package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * An operation that writes (migrate, rollback, repair, baseline, import) was started on a
 * database server that cannot write: a standby in recovery, or a server whose transactions are
 * read-only. Raised before anything is sent that would fail with PostgreSQL's "cannot execute ...
 * in a read-only transaction"; status and validate still work there.
 */
public class StandbyDatabaseException extends MigrationException {

	private final @Nullable String server;

	public StandbyDatabaseException(String operation, @Nullable String server, String reason, @Nullable String url) {
		super("Cannot " + operation + " on " + ((server != null) ? server : "this database") + ": it is " + reason,
				context("server", server, "url", url),
				"Point the migrations at the primary. On a cluster use a multi-host URL that finds it: "
						+ "jdbc:postgresql://host1:5432,host2:5432/db?targetServerType=primary (pgjdbc asks each "
						+ "server whether it is in recovery), or the failover manager's primary endpoint (Patroni's "
						+ "leader service, the cloud's writer endpoint). Reads (status, validate, the endpoint) "
						+ "work on a standby.",
				null);
		this.server = server;
	}

	/**
	 * The server the connection reached ({@code host:port}), or {@code null} when unknown.
	 */
	public @Nullable String getServer() {
		return this.server;
	}

}
