package io.github.migrations.run;

import javax.sql.DataSource;

import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.MigrationScanner.LocalFiles;

/**
 * Starts the runs of one {@link io.github.migrations.Migrator} and holds what they share: the
 * data source, the configuration, the listeners, the local migrations (scanned once where they
 * cannot change) and who runs.
 */
public final class Runs {

	final DataSource dataSource;

	final MigratorConfig config;

	final MigrationEvents events;

	final LocalMigrations local;

	final String owner;

	final HistoryCache history = new HistoryCache();

	public Runs(DataSource dataSource, MigratorConfig config) {
		this.dataSource = dataSource;
		this.config = config;
		this.events = new MigrationEvents(config.getListeners());
		this.local = new LocalMigrations(config);
		this.owner = Owner.of(config.getApplicationName());
	}

	/**
	 * The runs of a tenant of {@code parent}'s {@link io.github.migrations.Migrator}: its own data
	 * source and configuration (the tenant's schema, its listeners), the parent's local migrations
	 * (scanned once for all tenants where they cannot change) and owner.
	 */
	public Runs(Runs parent, DataSource dataSource, MigratorConfig config) {
		this.dataSource = dataSource;
		this.config = config;
		this.events = new MigrationEvents(config.getListeners());
		this.local = parent.local;
		this.owner = parent.owner;
	}

	/**
	 * The local migrations and SQL callbacks for a database, as a run would read them.
	 */
	public LocalFiles localFiles(Dialect dialect) {
		return this.local.filesFor(dialect);
	}

	/**
	 * Starts a run the listeners see as one: {@code runStarted} now, {@code runFinished} from
	 * {@link MigrationRun#finish}.
	 * @param operation {@code migrate} or {@code rollback}
	 */
	public MigrationRun start(String operation) {
		this.events.runStarted(operation);
		return new MigrationRun(this, operation, true);
	}

	/**
	 * Starts a run the listeners do not see as one (validate, repair, status, a rollback dry
	 * run); they still hear of its lock wait.
	 */
	public MigrationRun startUnreported(String operation) {
		return new MigrationRun(this, operation, false);
	}

}
