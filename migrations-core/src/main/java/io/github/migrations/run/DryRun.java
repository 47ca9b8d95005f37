package io.github.migrations.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.SqlScript;
import io.github.migrations.SqlScript.Kind;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the SQL an operation would send, by running the operation itself, the facade's own
 * script included, on a {@link Migrator} whose connections send only reads
 * ({@link DryRunDataSource}):
 * <ol>
 * <li>the target and the local migrations are resolved on the real database first, for the
 * header and for the file and line of each migration statement;</li>
 * <li>the operation runs with one listener, this recorder (the application's listeners hear
 * nothing); it tells which migration each statement belongs to;</li>
 * <li>each statement the run would send is kept with what it is for: a statement of the
 * migration (matched, in order, to the statements of its file: {@code file:line}), of the lock
 * table, of the history or its audit table, a transaction boundary, or anything else;</li>
 * <li>a Java migration is refused (its code would run): the run fails at its first statement
 * and the dry run says why.</li>
 * </ol>
 * Statements sent on other threads (the lease's heartbeat) are not the run's and are not kept;
 * they are not sent either.
 */
public final class DryRun implements MigrationListener, DryRunDataSource.Sink {

	// the run's lines keep the category operators know from the facade
	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private final Thread thread = Thread.currentThread();

	private final List<SqlScript.Statement> statements = new ArrayList<>();

	private final List<ResolvedMigration> local;

	private final String historyTable;

	private final String lockTable;

	private @Nullable String migration;

	private List<SqlStatement> migrationStatements = List.of();

	private String script = "";

	private int matched;

	private @Nullable String refusal;

	private @Nullable String refused;

	private DryRun(List<ResolvedMigration> local, MigratorConfig config) {
		this.local = local;
		this.historyTable = config.getTable().toLowerCase(Locale.ROOT);
		this.lockTable = config.getLockTable().toLowerCase(Locale.ROOT);
	}

	/**
	 * Runs {@code operation} on a migrator over dry-run connections and returns what it would send.
	 * @param dataSource the real database (reads only)
	 * @param config the configuration of the migrator the SQL is shown for
	 * @param name the operation's name for the header
	 * @throws MigrationException when the operation itself fails (validation, a refused rollback)
	 * or a Java migration would run
	 */
	public static SqlScript record(DataSource dataSource, MigratorConfig config, String name,
			Consumer<Migrator> operation) {
		Runs runs = new Runs(dataSource, config);
		MigrationRun look = runs.startUnreported("sql");
		Target target = look.target();
		DryRun recorder = new DryRun(look.local(), config);
		MigratorConfig recorded = config.toBuilder().listeners(List.of(recorder)).build();
		// the run logs as it always does: say that these lines tell what it would do
		logger.info("Dry run of {}: the lines until its end say what it would do; only its reads are sent", name);
		try {
			operation.accept(new Migrator(new DryRunDataSource(dataSource, recorder), recorded));
		}
		catch (RuntimeException ex) {
			if (recorder.refused != null) {
				throw new MigrationException(recorder.refused,
						"Show the SQL up to the migration before it (migrations.target), or run it on a scratch database.",
						ex);
			}
			throw ex;
		}
		finally {
			logger.info("Dry run of {} ended: nothing was changed", name);
		}
		return new SqlScript(name, target.database(), target.schema(), recorder.statements);
	}

	@Override
	public void migrationStarted(MigrationDescriptor descriptor, Direction direction) {
		if (Thread.currentThread() != this.thread) {
			return;
		}
		this.migration = descriptor.label() + " (" + direction.name().toLowerCase(Locale.ROOT) + ")";
		this.matched = 0;
		if (descriptor.kind() == MigrationKind.JAVA) {
			this.refusal = "Cannot show the SQL of Java migration " + descriptor.label() + " ("
					+ descriptor.script() + "): its statements are known only when its code runs, and a dry run "
					+ "runs no migration code";
			this.migrationStatements = List.of();
			return;
		}
		ResolvedMigration file = this.local.stream()
			.filter((m) -> m.kind() == descriptor.kind() && Objects.equals(m.version(), descriptor.version())
					&& m.name().equals(descriptor.name()))
			.findFirst()
			.orElse(null);
		this.migrationStatements = (file == null) ? List.of()
				: (direction == Direction.UP) ? file.upStatements() : file.downStatements();
		this.script = (file == null) ? descriptor.script()
				: (direction == Direction.UP) ? file.location() : file.downLocation();
	}

	@Override
	public void migrationSucceeded(MigrationDescriptor descriptor, Direction direction, Duration duration) {
		if (Thread.currentThread() == this.thread) {
			this.migration = null;
		}
	}

	@Override
	public void migrationFailed(MigrationDescriptor descriptor, Direction direction, Duration duration,
			Throwable failure) {
		if (Thread.currentThread() == this.thread && this.refusal != null) {
			// the Java migration was stopped before its code ran: the lock is released as usual
			this.refused = this.refusal;
			this.refusal = null;
		}
	}

	@Override
	public @Nullable String refusal() {
		return (Thread.currentThread() == this.thread) ? this.refusal : null;
	}

	@Override
	public void statement(String sql, boolean autocommit) {
		if (Thread.currentThread() != this.thread) {
			return;
		}
		String source = (this.migration != null) ? source(sql) : null;
		Kind kind = (source != null) ? Kind.MIGRATION : kind(sql);
		if (kind == Kind.OTHER && this.migration != null && this.migration.endsWith("(down)")) {
			// a Down section stored when the migration ran, no longer the file's
			kind = Kind.MIGRATION;
			source = "stored Down SQL";
		}
		this.statements.add(new SqlScript.Statement(kind, sql, autocommit, this.migration, source));
	}

	@Override
	public void transaction(String boundary) {
		if (Thread.currentThread() == this.thread) {
			this.statements.add(new SqlScript.Statement(Kind.TRANSACTION, boundary, false, this.migration, null));
		}
	}

	/**
	 * {@code file:line} of the migration's next statement with this text, or {@code null}.
	 */
	private @Nullable String source(String sql) {
		for (int i = this.matched; i < this.migrationStatements.size(); i++) {
			SqlStatement statement = this.migrationStatements.get(i);
			if (statement.sql().equals(sql)) {
				this.matched = i + 1;
				return location(statement);
			}
		}
		return null;
	}

	private String location(SqlStatement statement) {
		return this.script + ":" + statement.line();
	}

	private Kind kind(String sql) {
		String text = sql.toLowerCase(Locale.ROOT);
		if (text.startsWith("with before_insert as (") && text.contains(this.historyTable)) {
			// a pipelined history row, with the lease extension in the same statement
			return Kind.HISTORY;
		}
		if (text.contains(this.lockTable)) {
			return Kind.LOCK;
		}
		if (text.contains(this.historyTable + "_audit")) {
			return Kind.AUDIT;
		}
		if (text.contains(this.historyTable)) {
			return Kind.HISTORY;
		}
		return Kind.OTHER;
	}

}
