package io.github.migrations.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationCallback.Event;
import io.github.migrations.MigrationCallbackContext;
import io.github.migrations.MigrationCallbackException;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.discovery.SqlCallbackFile;
import io.github.migrations.execute.MigrationHook;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.Placeholders;
import io.github.migrations.parse.ScriptSection;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks of one run: the SQL callback files of the locations (by file name), then the
 * {@link MigrationCallback} beans (in their order).
 * <ol>
 * <li>Run-level events ({@code beforeMigrate}, {@code afterMigrate}, …) run on a connection of
 * their own, each callback in a transaction of its own (a SQL file marked
 * {@code -- +migrate Up notransaction} in autocommit), the session reset afterwards.</li>
 * <li>Per-migration events run on the migration's connection, in its transaction when it has one:
 * a failure rolls the migration back with them.</li>
 * <li>A run with no callback for an event opens no connection for it: a start with nothing
 * pending and no callbacks costs what it cost before callbacks existed.</li>
 * </ol>
 */
final class Callbacks {

	private static final Logger logger = LoggerFactory.getLogger(Callbacks.class);

	private final List<SqlCallbackFile> files;

	private final List<MigrationCallback> beans;

	private final Target target;

	private final Placeholders placeholders;

	private final String operation;

	private final Map<SqlCallbackFile, Parsed> parsed = new HashMap<>();

	/**
	 * @param target the database: its dialect reads the files and resets the session, its schema
	 * is the callbacks' to know
	 */
	Callbacks(List<SqlCallbackFile> files, List<MigrationCallback> beans, Target target, Placeholders placeholders,
			String operation) {
		this.files = files;
		this.beans = List.copyOf(beans);
		this.target = target;
		this.placeholders = placeholders;
		this.operation = operation;
	}

	/**
	 * The per-migration callbacks as work around each migration ({@link MigrationHook#NONE} when
	 * there are none); the callback files that run from here on are read and split first, so that
	 * a malformed one fails the run before the first migration.
	 */
	MigrationHook eachMigrationHook() {
		check(Event.BEFORE_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE, Event.AFTER_MIGRATE_APPLIED, Event.AFTER_MIGRATE);
		if (!handles(Event.BEFORE_EACH_MIGRATE) && !handles(Event.AFTER_EACH_MIGRATE)) {
			return MigrationHook.NONE;
		}
		return (connection, migration, before) -> runEach(before ? Event.BEFORE_EACH_MIGRATE : Event.AFTER_EACH_MIGRATE,
				connection, migration);
	}

	/**
	 * Whether anything handles the event.
	 */
	boolean handles(Event event) {
		for (SqlCallbackFile file : this.files) {
			if (file.event() == event) {
				return true;
			}
		}
		for (MigrationCallback bean : this.beans) {
			if (bean.supports(event)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads and splits the SQL files of the events (placeholders replaced), so that a malformed
	 * per-migration callback fails the run before the first migration, not inside it.
	 * @throws io.github.migrations.MigrationParseException naming the callback file and line
	 */
	void check(Event... events) {
		for (SqlCallbackFile file : this.files) {
			if (List.of(events).contains(file.event())) {
				parsed(file);
			}
		}
	}

	/**
	 * Runs a run-level event's callbacks on the connection, each in a transaction of its own.
	 */
	void run(Event event, Connection connection, @Nullable Throwable failure) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		try {
			for (SqlCallbackFile file : this.files) {
				if (file.event() == event) {
					Parsed callback = parsed(file);
					inTransaction(connection, callback.transactional(), () -> runFile(event, file, connection));
				}
			}
			for (MigrationCallback bean : this.beans) {
				if (bean.supports(event)) {
					inTransaction(connection, true, () -> runBean(event, bean, connection, null, failure));
				}
			}
		}
		finally {
			restore(connection, autoCommit);
		}
	}

	/**
	 * Runs a per-migration event's callbacks on the migration's connection, as it is (in the
	 * migration's transaction, or in autocommit for a {@code notransaction} migration).
	 */
	void runEach(Event event, Connection connection, MigrationDescriptor migration) {
		for (SqlCallbackFile file : this.files) {
			if (file.event() == event) {
				runFile(event, file, connection);
			}
		}
		for (MigrationCallback bean : this.beans) {
			if (bean.supports(event)) {
				runBean(event, bean, connection, migration, null);
			}
		}
	}

	/**
	 * A file's statements, placeholders replaced, split once per run.
	 */
	private Parsed parsed(SqlCallbackFile file) {
		Parsed parsed = this.parsed.get(file);
		if (parsed == null) {
			ScriptSection section = MigrationParser.sections(file.location(), file.content()).up();
			String text = this.placeholders.replace(file.location(), file.fileName(), section.text(),
					section.firstLine());
			parsed = new Parsed(new MigrationParser(this.target.dialect().splitter()).statements(file.location(),
					new ScriptSection(text, section.firstLine(), section.transactional())), section.transactional());
			this.parsed.put(file, parsed);
		}
		return parsed;
	}

	private record Parsed(List<SqlStatement> statements, boolean transactional) {
	}

	private void runFile(Event event, SqlCallbackFile file, Connection connection) {
		List<SqlStatement> statements = parsed(file).statements();
		logger.debug("Running callback {} ({} statements)", file.location(), statements.size());
		try (Statement jdbc = connection.createStatement()) {
			for (SqlStatement statement : statements) {
				try {
					this.target.dialect().execute(connection, jdbc, statement);
				}
				catch (SQLException ex) {
					throw new MigrationCallbackException(event, file.location(), statement.line(), statement.sql(),
							ex.getSQLState(), ex.getMessage(), ex);
				}
			}
		}
		catch (SQLException ex) {
			throw new MigrationCallbackException(event, file.location(), 0, null, ex.getSQLState(), ex.getMessage(),
					ex);
		}
	}

	private void runBean(Event event, MigrationCallback bean, Connection connection,
			@Nullable MigrationDescriptor migration, @Nullable Throwable failure) {
		try {
			bean.handle(event,
					new MigrationCallbackContext(connection, migration, this.operation, this.target.schema(), failure));
		}
		catch (MigrationException ex) {
			throw ex;
		}
		catch (SQLException ex) {
			throw new MigrationCallbackException(event, bean.getClass().getName(), 0, null, ex.getSQLState(),
					ex.getMessage(), ex);
		}
		catch (Exception ex) {
			throw new MigrationCallbackException(event, bean.getClass().getName(), 0, null, null, ex.toString(), ex);
		}
	}

	private void inTransaction(Connection connection, boolean transactional, Runnable work) throws SQLException {
		connection.setAutoCommit(!transactional);
		try {
			work.run();
			if (transactional) {
				connection.commit();
			}
		}
		catch (RuntimeException ex) {
			if (transactional) {
				try {
					connection.rollback();
				}
				catch (SQLException rollback) {
					ex.addSuppressed(rollback);
				}
			}
			throw ex;
		}
	}

	private void restore(Connection connection, boolean autoCommit) {
		try {
			if (!connection.isClosed()) {
				connection.setAutoCommit(autoCommit);
				// a callback may SET ROLE or search_path: not for the application's pool
				this.target.dialect().resetSession(connection);
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not reset the session after a callback", ex);
		}
	}

}
