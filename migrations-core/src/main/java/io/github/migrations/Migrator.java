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
	 * Every migration with its state; never takes the lock.
	 */
	public MigrationStatus status() {
		throw new UnsupportedOperationException("not yet");
	}

}
