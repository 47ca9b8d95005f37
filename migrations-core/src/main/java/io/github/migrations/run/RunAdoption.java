package io.github.migrations.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.adopt.Adoption;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.lock.LockLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adoption steps of one run, over {@link Adoption}, for a schema whose history table does
 * not exist yet:
 * <ol>
 * <li>before the {@code beforeMigrate} callbacks, a look at the schema: refused now, or new for
 * the whole run ({@link #lookBeforeCallbacks});</li>
 * <li>before the lock, the rows the history will have once adopted, shown to the plan
 * ({@link #orAdopted}), and whether adoption is still to do ({@link #pending});</li>
 * <li>under the lock, the import or the baseline itself ({@link #adoptUnderLock},
 * {@link #baseline});</li>
 * <li>a history read that fails because the table under our name is another tool's, explained
 * ({@link #read}).</li>
 * </ol>
 */
final class RunAdoption {

	// the run's lines keep the category operators know from the facade
	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private final Target target;

	private final Adoption adoption;

	private final Supplier<List<ResolvedMigration>> local;

	private final String actor;

	private final MigrationEvents events;

	private boolean pending;

	private boolean newBeforeCallbacks;

	private @Nullable ImportedHistory imported;

	RunAdoption(Target target, Runs runs, Supplier<List<ResolvedMigration>> local) {
		this.target = target;
		this.adoption = new Adoption(target.dialect(), target.schema(), target.history(), runs.config);
		this.local = local;
		String installedBy = runs.config.getInstalledBy();
		this.actor = (installedBy != null) ? installedBy : runs.owner;
		this.events = runs.events;
	}

	/**
	 * Whether the last {@link #orAdopted} found a schema still to adopt.
	 */
	boolean pending() {
		return this.pending;
	}

	/**
	 * The foreign history this run imported, if it did.
	 */
	@Nullable ImportedHistory imported() {
		return this.imported;
	}

	/**
	 * Looks at a schema without history before the {@code beforeMigrate} callbacks run, as Flyway
	 * does, so that tables they create do not make a new schema one "with tables of its own": a
	 * schema that must be refused is refused now, and one that is new stays new for this run.
	 */
	void lookBeforeCallbacks() {
		Adoption.Finding finding = this.target.inConnection((c) -> withoutHistory(c, () -> this.adoption.inspect(c,
				this.local.get())));
		if (finding instanceof Adoption.Refused refused) {
			throw refuse(refused);
		}
		this.newBeforeCallbacks = finding instanceof Adoption.NewSchema;
	}

	/**
	 * What a schema without our history table holds, or {@code null} when the table exists. Read
	 * before the lock, so another runner may be migrating the schema meanwhile: it creates the
	 * history table before any migration's table, so tables found after a look that found no
	 * history table are the other runner's when the history table exists by then (a later
	 * statement sees all that committed before it): the schema has a history, not tables of its own.
	 */
	private Adoption.@Nullable Finding withoutHistory(Connection connection, FindingRead read) throws SQLException {
		if (this.adoption.historyExists(connection)) {
			return null;
		}
		Adoption.Finding finding = read.read();
		if (finding instanceof Adoption.Refused && this.adoption.historyExists(connection)) {
			return null;
		}
		return finding;
	}

	@FunctionalInterface
	private interface FindingRead {

		Adoption.Finding read() throws SQLException;

	}

	/**
	 * What the schema holds, read now; a schema found new before this run's callbacks stays new.
	 */
	private Adoption.Finding inspect(Connection connection) throws SQLException {
		Adoption.Finding finding = this.adoption.inspect(connection, this.local.get());
		return (this.newBeforeCallbacks && finding instanceof Adoption.Refused) ? new Adoption.NewSchema() : finding;
	}

	/**
	 * The history's rows; when there are none because the table does not exist, the rows it will
	 * have once the schema is adopted (and whether that is still to do).
	 * @param refuse whether a schema that cannot be adopted fails here
	 */
	Target.History orAdopted(Target.History history, boolean refuse) {
		this.pending = false;
		if (!history.versioned().isEmpty() || !history.repeatables().isEmpty()) {
			return history;
		}
		Adoption.Finding finding = this.target.inConnection((c) -> withoutHistory(c, () -> inspect(c)));
		if (finding == null || finding instanceof Adoption.NewSchema) {
			return history;
		}
		if (finding instanceof Adoption.Refused refused && refuse) {
			throw refuse(refused);
		}
		this.pending = true;
		return new Target.History(finding.rows(), finding.repeatables());
	}

	/**
	 * Adopts the schema under the lock when the history table does not exist: a foreign history
	 * imported, or a baseline recorded, or the run refused.
	 */
	void adoptUnderLock(LockLease lease) {
		ImportedHistory imported = this.target.inConnection((c) -> {
			if (this.adoption.historyExists(c)) {
				return null;
			}
			Adoption.Finding finding = inspect(c);
			if (finding instanceof Adoption.Import found) {
				return this.adoption.importHistory(c, found, lease, this.actor);
			}
			if (finding instanceof Adoption.Baseline baseline) {
				this.adoption.baseline(c, baseline.version(), lease, this.actor);
				logger.info("Schema {} has tables of its own and no history: recorded a baseline at version {} "
						+ "(migrations.baseline-on-migrate); migrations up to it will not run", this.target.schema(),
						baseline.version());
			}
			if (finding instanceof Adoption.Refused refused) {
				throw refuse(refused);
			}
			return null;
		});
		if (imported != null) {
			this.imported = imported;
			logger.info("Imported the history: {} into {}; the foreign table is left as it was", imported,
					this.target.history().qualifiedTable());
			this.events.historyImported(imported);
		}
	}

	/**
	 * Imports a foreign history under the lock, and nothing else: the {@code import} command.
	 * @throws MigrationAdoptionException when our history table exists already, or the schema has
	 * no foreign history to import
	 */
	ImportedHistory importOnly(LockLease lease) {
		ImportedHistory imported = this.target.inConnection((c) -> {
			String table = this.target.history().qualifiedTable();
			if (this.adoption.historyExists(c)) {
				// golang-migrate's table has our default name: say so, rather than that ours exists
				this.adoption.explainFailedRead(c);
				throw new MigrationAdoptionException("Nothing to import: the history table exists already", table, null,
						"The schema's history was imported or started before; see its status.");
			}
			if (!(inspect(c) instanceof Adoption.Import found)) {
				throw new MigrationAdoptionException("No history of another tool to import in schema "
						+ this.target.schema(), table, null,
						"Check migrations.import-history (auto looks for Flyway's, sql-migrate's, goose's and "
								+ "golang-migrate's tables) and migrations.import-flyway-table; a schema without one is "
								+ "adopted with a baseline.");
			}
			return this.adoption.importHistory(c, found, lease, this.actor);
		});
		this.imported = imported;
		logger.info("Imported the history: {} into {}; the foreign table is left as it was", imported,
				this.target.history().qualifiedTable());
		this.events.historyImported(imported);
		return imported;
	}

	/**
	 * Records a baseline at {@code version} under the lock (see {@link Adoption#baseline}).
	 */
	void baseline(MigrationVersion version, LockLease lease) {
		this.target.inConnection((c) -> {
			this.adoption.baseline(c, version, lease, this.actor);
			return null;
		});
	}

	/**
	 * A history read; when it fails because the table under our name is another tool's, the
	 * error says so (golang-migrate's {@code schema_migrations} is our default name).
	 */
	Target.History read(Supplier<Target.History> read) {
		try {
			return read.get();
		}
		catch (MigrationException ex) {
			if (ex.getCause() instanceof SQLException) {
				try {
					this.target.inConnection((c) -> {
						this.adoption.explainFailedRead(c);
						return null;
					});
				}
				catch (MigrationAdoptionException foreign) {
					throw foreign;
				}
				catch (RuntimeException unexplained) {
					// the database cannot say either: the read's own failure is the one to report
					ex.addSuppressed(unexplained);
				}
			}
			throw ex;
		}
	}

	private MigrationAdoptionException refuse(Adoption.Refused refused) {
		return refused.error(this.target.schema(), this.target.history().qualifiedTable());
	}

}
