package io.github.migrations.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.LockInfo;
import io.github.migrations.MigrationException;
import io.github.migrations.MigratorConfig;
import io.github.migrations.StandbyDatabaseException;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import io.github.migrations.execute.InvalidIndexes;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.lock.LockLease;
import io.github.migrations.lock.TableMigrationLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * What a run works on: one schema of one database, with its dialect, history table and lock.
 * Detected afresh for each run, on the run's first connection. Every connection a run borrows
 * outside the executor and the lock comes from {@link #inConnection}, which turns a JDBC failure
 * into one {@link MigrationException}.
 *
 * @param dataSource where the connections come from
 * @param dialect the database's dialect
 * @param schema the schema of the history and lock tables
 * @param database the database product name and version
 * @param history the history table
 * @param lock the migration lock
 * @param readOnly why the server the first connection reached cannot write (a standby), or
 * {@code null} when it can
 */
public record Target(DataSource dataSource, Dialect dialect, String schema, String database, SchemaHistory history,
		TableMigrationLock lock, @Nullable ReadOnly readOnly) {

	private static final Logger logger = LoggerFactory.getLogger(Target.class);

	private static final String ACCESS_ACTION = "Check that the database is reachable and that the migration user "
			+ "may create and change tables.";

	/**
	 * Detects the database and resolves the configured schema (or the connection's current one).
	 * @param owner who runs, the holder of the lock
	 */
	static Target detect(DataSource dataSource, MigratorConfig config, String owner) {
		DataSource connecting = (config.getConnectRetries() > 0)
				? new RetryingConnect(dataSource, config.getConnectRetries(), config.getConnectRetriesInterval())
				: dataSource;
		return inConnection(connecting, (c) -> {
			Dialect dialect = Dialects.detect(c);
			String schema = (config.getSchema() != null) ? config.getSchema()
					: dialect.currentSchemaAfterDetection(c);
			String database = c.getMetaData().getDatabaseProductName() + " "
					+ c.getMetaData().getDatabaseProductVersion();
			SchemaHistory history = new SchemaHistory(dialect, schema, config.getTable());
			String lockTable = dialect.quote(schema) + "." + config.getLockTable();
			TableMigrationLock lock = new TableMigrationLock(dataSource, dialect.lockSql(), lockTable,
					config.getLockLease(), config.getLockHeartbeat(), config.getLockWaitTimeout(), owner,
					config.getLockLiveness());
			String reason = dialect.readOnly(c);
			ReadOnly readOnly = (reason != null)
					? new ReadOnly(reason, dialect.serverAddress(c), c.getMetaData().getURL()) : null;
			return new Target(dataSource, dialect, schema, database, history, lock, readOnly);
		});
	}

	/**
	 * Fails an operation that writes when the server cannot write, before it sends anything
	 * that would fail with "read-only transaction".
	 * @param operation what would write ({@code migrate}, {@code rollback}...)
	 * @throws StandbyDatabaseException when the server is a standby or read-only
	 */
	void requireWritable(String operation) {
		ReadOnly readOnly = this.readOnly;
		if (readOnly != null) {
			throw new StandbyDatabaseException(operation, readOnly.server(), readOnly.reason(), readOnly.url());
		}
	}

	/**
	 * Why a server cannot write.
	 * @param reason in words that follow "it is"
	 * @param server {@code host:port} as the server sees itself, or {@code null}
	 * @param url the JDBC URL the connection was made with, or {@code null}
	 */
	public record ReadOnly(String reason, @Nullable String server, @Nullable String url) {
	}

	/**
	 * The whole history, empty when its table does not exist yet; changes nothing.
	 */
	public List<AppliedMigration> readHistory() {
		return inConnection(this.history::readAllIfExists);
	}

	/**
	 * Creates the history table if missing and reads it: the read a run makes under the lock.
	 */
	public List<AppliedMigration> createAndReadHistory() {
		return inConnection((c) -> {
			this.history.createIfMissing(c);
			return this.history.readAll(c);
		});
	}

	/**
	 * The whole history, versioned rows and those of repeatable migrations, empty when its table
	 * does not exist yet; changes nothing. One connection.
	 */
	public History readAllHistory() {
		return inConnection((c) -> new History(this.history.readAllIfExists(c), this.history.readRepeatablesIfExists(c)));
	}

	/**
	 * {@link #createAndReadHistory()} with the rows of repeatable migrations.
	 */
	public History createAndReadAllHistory() {
		return inConnection((c) -> {
			this.history.createIfMissing(c);
			return new History(this.history.readAll(c), this.history.readRepeatables(c));
		});
	}

	/**
	 * The light read of the up-to-date check: the versioned rows and, only when there are local
	 * repeatable migrations to compare them with, the rows of repeatables (a second query on the
	 * same connection). Without repeatable files this is the one query it always was.
	 */
	History readHistoryForCheck(boolean repeatables) {
		return inConnection((c) -> new History(this.history.readForCheckIfExists(c),
				repeatables ? this.history.readRepeatablesIfExists(c) : List.of()));
	}

	/**
	 * The lock row, or {@code null} when the lock table is not readable (not created yet).
	 */
	public @Nullable LockInfo readLock() {
		try {
			return this.lock.read();
		}
		catch (RuntimeException ex) {
			logger.debug("Lock table not readable (not created yet?)", ex);
			return null;
		}
	}

	/**
	 * Creates the schema if it does not exist: only on the way to taking the lock, so that status
	 * reads and runs with nothing pending never write.
	 */
	void createSchema() {
		inConnection((c) -> {
			try {
				createSchema(c);
			}
			catch (SQLException ex) {
				// two runners creating one schema at once: PostgreSQL's IF NOT EXISTS checks
				// before it inserts, so the second fails on the catalog's unique index; the
				// schema exists now, and asking again says so
				logger.debug("Creating schema {} failed, asking again", this.schema, ex);
				if (!c.getAutoCommit()) {
					c.rollback();
				}
				createSchema(c);
			}
			return null;
		});
	}

	private void createSchema(Connection c) throws SQLException {
		try (Statement statement = c.createStatement()) {
			statement.execute(this.dialect.createSchema(this.dialect.quote(this.schema)));
		}
		if (!c.getAutoCommit()) {
			c.commit();
		}
	}

	/**
	 * Reports the schema's INVALID indexes, or drops them when asked to and the lock is held (see
	 * {@link InvalidIndexes}).
	 */
	public void checkInvalidIndexes(boolean cleanup, @Nullable LockLease lease) {
		inConnection((c) -> InvalidIndexes.check(c, this.dialect, this.schema, cleanup, lease));
	}

	/**
	 * Runs the function on a connection of its own.
	 * @throws MigrationException when the database cannot be reached or asked
	 */
	public <T> T inConnection(SqlFunction<T> function) {
		return inConnection(this.dataSource, function);
	}

	private static <T> T inConnection(DataSource dataSource, SqlFunction<T> function) {
		try (Connection connection = dataSource.getConnection()) {
			return function.apply(connection);
		}
		catch (SQLException ex) {
			throw new MigrationException("Database access failed: " + ex.getMessage()
					+ ((ex.getSQLState() != null) ? " [SQLState " + ex.getSQLState() + "]" : ""), ACCESS_ACTION, ex);
		}
		catch (DataAccessException ex) {
			throw new MigrationException("Database access failed: " + ex.getMostSpecificCause().getMessage(),
					ACCESS_ACTION, ex);
		}
	}

	/**
	 * What a history read found.
	 * @param versioned the versioned rows (SQL, Java, baseline), in version order
	 * @param repeatables the rows of repeatable migrations, in name order
	 */
	public record History(List<AppliedMigration> versioned, List<AppliedRepeatable> repeatables) {
	}

	/**
	 * Work on a connection.
	 */
	@FunctionalInterface
	public interface SqlFunction<T> {

		T apply(Connection connection) throws SQLException;

	}

}
