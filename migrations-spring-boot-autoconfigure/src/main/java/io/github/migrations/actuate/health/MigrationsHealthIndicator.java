package io.github.migrations.actuate.health;

import java.util.List;

import io.github.migrations.MigrationState;
import io.github.migrations.MigrationStatus;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the migrations: {@code DOWN} when a migration failed part-way (the database is dirty)
 * or an applied migration was edited since; when migrations are pending, {@code UP} or
 * {@code OUT_OF_SERVICE} as configured; {@code UP} otherwise. A database that cannot be read is
 * {@code DOWN} with the error. Reading never takes the migration lock.
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

	private final Migrator migrator;

	private final Status pendingStatus;

	/**
	 * Creates the indicator.
	 * @param migrator the migrator to ask
	 * @param pendingStatus the status when migrations are pending (and nothing is broken)
	 */
	public MigrationsHealthIndicator(Migrator migrator, Status pendingStatus) {
		super("Migrations health check failed");
		this.migrator = migrator;
		this.pendingStatus = pendingStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MigrationStatus status = this.migrator.status();
		List<String> failed = versions(status, MigrationState.FAILED);
		List<String> edited = versions(status, MigrationState.CHECKSUM_MISMATCH);
		int pending = status.pending().size();
		if (!failed.isEmpty() || !edited.isEmpty()) {
			builder.down();
		}
		else if (pending > 0) {
			builder.status(this.pendingStatus);
		}
		else {
			builder.up();
		}
		MigrationVersion current = status.currentVersion();
		builder.withDetail("currentVersion", (current != null) ? current.toString() : "none")
			.withDetail("pending", pending);
		if (!failed.isEmpty()) {
			builder.withDetail("failed", failed);
		}
		if (!edited.isEmpty()) {
			builder.withDetail("checksumMismatch", edited);
		}
	}

	private static List<String> versions(MigrationStatus status, MigrationState state) {
		return status.migrations()
			.stream()
			.filter((migration) -> migration.state() == state)
			// a repeatable migration has no version: its name says which
			.map((migration) -> (migration.version() != null) ? migration.version().toString() : migration.name())
			.toList();
	}

}
