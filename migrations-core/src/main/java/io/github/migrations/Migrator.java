package io.github.migrations;

import javax.sql.DataSource;

/**
 * The one orchestrator. (Stub: being written.)
 */
public final class Migrator {

	private final DataSource dataSource;

	private final MigratorConfig config;

	public Migrator(DataSource dataSource, MigratorConfig config) {
		this.dataSource = dataSource;
		this.config = config;
	}

	public MigratorConfig getConfig() {
		return this.config;
	}

	public DataSource getDataSource() {
		return this.dataSource;
	}

	/**
	 * Applies every pending migration, under the lock.
	 * @return what ran
	 * @throws MigrationException on any failure (validation, lock, execution)
	 */
	public RunResult migrate() {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Checks applied migrations against local ones without changing anything.
	 * @param allowPending whether pending migrations are acceptable
	 * @throws MigrationValidationException listing every problem
	 */
	public void validate(boolean allowPending) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Reverts applied migrations from the Down SQL stored when they were applied, newest first,
	 * under the lock; or, for a dry run, returns the plan without changing anything.
	 * @throws MigrationException when the request cannot be satisfied (irreversible migration in
	 * the way, unknown version, too many steps, dirty database); nothing is changed then
	 */
	public RollbackResult rollback(RollbackRequest request) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Every migration with its state; never takes the lock.
	 */
	public MigrationStatus status() {
		throw new UnsupportedOperationException("not yet");
	}

}
