package io.github.migrations.actuate.endpoint;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The web face of the {@link MigrationsEndpoint}'s write operations: a malformed, refused or
 * failed {@code rollback} or {@code repair} is answered with its status (400, 409 or 500) and a
 * body naming the reason and the fix, {@code {"error": ..., "reason": ..., "fix": ...}}. The
 * answer is the operation's own, not an error page, so it does not depend on
 * {@code server.error.include-message}. Reads are the endpoint's.
 */
@EndpointWebExtension(endpoint = MigrationsEndpoint.class)
public class MigrationsEndpointWebExtension {

	private final MigrationsEndpoint endpoint;

	public MigrationsEndpointWebExtension(MigrationsEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * {@link MigrationsEndpoint#perform}, answering a failure with its status and body.
	 */
	@WriteOperation
	public WebEndpointResponse<Object> perform(@Selector String operation, @Nullable Integer steps,
			@Nullable String toVersion, @Nullable Boolean lastBatch, @Nullable Boolean confirm,
			@Nullable Boolean dryRun, @Nullable String mode, @Nullable Principal principal) {
		try {
			return new WebEndpointResponse<>(
					this.endpoint.perform(operation, steps, toVersion, lastBatch, confirm, dryRun, mode, principal));
		}
		catch (MigrationsOperationException ex) {
			return new WebEndpointResponse<>(ex.getBody(), ex.getStatus());
		}
	}

	/**
	 * {@link MigrationsEndpoint#performOn}, answering a failure with its status and body.
	 */
	@WriteOperation
	public WebEndpointResponse<Object> performOn(@Selector String group, @Selector String name,
			@Selector String operation, @Nullable Integer steps, @Nullable String toVersion,
			@Nullable Boolean lastBatch, @Nullable Boolean confirm, @Nullable Boolean dryRun, @Nullable String mode,
			@Nullable Principal principal) {
		try {
			return new WebEndpointResponse<>(this.endpoint.performOn(group, name, operation, steps,
					toVersion, lastBatch, confirm, dryRun, mode, principal));
		}
		catch (MigrationsOperationException ex) {
			return new WebEndpointResponse<>(ex.getBody(), ex.getStatus());
		}
	}

}
