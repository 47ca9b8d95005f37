package io.github.migrations.autoconfigure;

/**
 * What the application does with its migrations at startup ({@code migrations.mode}).
 */
public enum MigrationsMode {

	/**
	 * Apply every pending migration before the rest of the application starts.
	 */
	MIGRATE,

	/**
	 * Change nothing, but refuse to start when a migration is pending, failed or was edited after it
	 * was applied: for application instances when a separate job migrates.
	 */
	VALIDATE,

	/**
	 * Do nothing at startup; the {@link io.github.migrations.Migrator} bean is still available.
	 */
	NONE,

	/**
	 * Apply every pending migration, then stop the application with exit code 0 (a failure stops
	 * it with a non-zero code): for a one-off migration job before a deployment.
	 */
	JOB

}
