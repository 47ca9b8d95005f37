package io.github.migrations.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.health.contributor.Status;

/**
 * Settings of the {@code migrations} health indicator ({@code management.health.migrations.*};
 * {@code management.health.migrations.enabled=false} switches it off).
 */
@ConfigurationProperties("management.health.migrations")
public class MigrationsHealthIndicatorProperties {

	/**
	 * Health status reported while migrations are pending and none failed: 'up' (with the pending
	 * count in the details) or 'out-of-service' (take the instance out of rotation, for instances
	 * that run in validate mode while a separate job migrates).
	 */
	private PendingStatus pendingStatus = PendingStatus.UP;

	public PendingStatus getPendingStatus() {
		return this.pendingStatus;
	}

	public void setPendingStatus(PendingStatus pendingStatus) {
		this.pendingStatus = pendingStatus;
	}

	/**
	 * Health status while migrations are pending.
	 */
	public enum PendingStatus {

		/** Report {@code UP}, with the pending count in the details. */
		UP(Status.UP),

		/** Report {@code OUT_OF_SERVICE}. */
		OUT_OF_SERVICE(Status.OUT_OF_SERVICE);

		private final Status status;

		PendingStatus(Status status) {
			this.status = status;
		}

		/**
		 * The health status this setting stands for.
		 */
		public Status toStatus() {
			return this.status;
		}

	}

}
