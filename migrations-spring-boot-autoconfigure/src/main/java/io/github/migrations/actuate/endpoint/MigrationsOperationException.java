package io.github.migrations.actuate.endpoint;

import io.github.migrations.LockTimeoutException;
import io.github.migrations.MigrationException;
import org.jspecify.annotations.Nullable;

/**
 * A write operation of the {@link MigrationsEndpoint} that was malformed, refused or failed, with
 * the status and the body the web answers with ({@link MigrationsEndpointWebExtension}); over JMX
 * its message carries the same reason and fix.
 */
public class MigrationsOperationException extends RuntimeException {

	static final int BAD_REQUEST = 400;

	static final int NOT_FOUND = 404;

	static final int CONFLICT = 409;

	static final int INTERNAL_SERVER_ERROR = 500;

	private final int status;

	private final OperationErrorDescriptor body;

	MigrationsOperationException(int status, OperationErrorDescriptor body, @Nullable Throwable cause) {
		super(body.error() + ": " + body.reason() + ". Fix: " + body.fix(), cause);
		this.status = status;
		this.body = body;
	}

	/**
	 * A request that cannot be understood: 400.
	 */
	static MigrationsOperationException invalid(String operation, String reason, String fix) {
		return new MigrationsOperationException(BAD_REQUEST,
				new OperationErrorDescriptor("Invalid " + operation + " request", reason, fix), null);
	}

	/**
	 * A write operation on a tenant that the tenant source does not name: 404.
	 */
	static MigrationsOperationException unknownTenant(String operation, String tenant) {
		return new MigrationsOperationException(NOT_FOUND, new OperationErrorDescriptor(
				"Unknown tenant", "No tenant '" + tenant + "' (for " + operation + ")",
				"GET /actuator/migrations/tenants lists the tenants; the tenant source (migrations.tenants.*) names them."),
				null);
	}

	/**
	 * A request the engine refused before changing anything: 409, the state of the database is in
	 * the way.
	 */
	static MigrationsOperationException refused(String operation, MigrationException ex, String fix) {
		return new MigrationsOperationException(CONFLICT,
				new OperationErrorDescriptor(capitalized(operation) + " refused", reason(ex), fix), ex);
	}

	/**
	 * An operation that failed: 409 when another runner holds the migration lock (ask again
	 * later), else 500.
	 */
	static MigrationsOperationException failed(String operation, MigrationException ex, String fix) {
		int status = (ex instanceof LockTimeoutException) ? CONFLICT : INTERNAL_SERVER_ERROR;
		return new MigrationsOperationException(status,
				new OperationErrorDescriptor(capitalized(operation) + " failed", reason(ex), fix), ex);
	}

	/**
	 * The HTTP status to answer with.
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * The body to answer with.
	 */
	public OperationErrorDescriptor getBody() {
		return this.body;
	}

	// the summary and its context on one line: "Cannot roll back migration 3 (c): ...; version: 3"
	private static String reason(MigrationException ex) {
		return ex.getDescription().replace("\n    ", "; ");
	}

	private static String capitalized(String operation) {
		return operation.isEmpty() ? operation : Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
	}

	/**
	 * The body of a refused or failed write operation.
	 *
	 * @param error what happened: {@code Rollback refused}, {@code Invalid rollback request},
	 * {@code Repair failed}...
	 * @param reason why, with the facts (version, file, what the request would revert)
	 * @param fix what to do
	 */
	public record OperationErrorDescriptor(String error, String reason, String fix) {
	}

}
