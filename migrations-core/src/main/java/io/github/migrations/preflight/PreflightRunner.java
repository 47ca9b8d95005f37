package io.github.migrations.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.MigrationKind;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.parse.SqlStatement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pre-flight checks of a migrate run and returns what they found; the run decides what
 * fails it and what warns. The engine calls it with the pending migrations, before it takes the
 * migration lock:
 * <ol>
 * <li>finds the existing tables that the Up sections of the pending SQL migrations name (one
 * query);</li>
 * <li>runs the built-in checks, then the application's, except those in {@code skip-checks},
 * each in a transaction of its own that is rolled back (so no check can change anything) and
 * bounded by the statement and lock timeout {@code timeout}; a check that throws gives a
 * {@link PreflightStatus#WARNING} saying so;</li>
 * <li>logs one INFO summary (and a DEBUG line per finding that needs no attention).</li>
 * </ol>
 * Running before the lock means a blocked run leaves nothing behind (no schema, lock table,
 * history table or fence) and never keeps other runners waiting while it looks at the database.
 * The sessions of runners (application name {@code <applicationName>:...}) are not counted
 * against the checks, so an instance starting while another one migrates is not blocked by it.
 * <p>
 * Internal: public only for the run's gates; applications implement {@link PreflightCheck}.
 */
public final class PreflightRunner {

	private static final Logger logger = LoggerFactory.getLogger(PreflightRunner.class);

	private PreflightRunner() {
	}

	/**
	 * Runs the checks on the pending migrations.
	 * @param connection a connection of its own, returned in its auto-commit state
	 * @param pending the migrations the run would apply, not empty (the caller skips the checks,
	 * and borrowing a connection, when nothing is pending or they are switched off)
	 * @param applicationName the runner's application name: sessions named for it are runners
	 * @return every finding, in check order
	 */
	public static List<PreflightResult> run(Connection connection, Dialect dialect, String schema,
			List<ResolvedMigration> pending, PreflightConfig settings, String applicationName) throws SQLException {
		long started = System.nanoTime();
		Instant now = settings.getClock().instant();
		DatabaseActivity activity = dialect.activity().orElse(null);
		List<String> tables = (activity != null) ? tables(connection, dialect, pending) : List.of();
		PreflightContext context = new PreflightContext(connection, dialect.vendor(), schema,
				pending.stream().map(ResolvedMigration::descriptor).toList(), tables, settings, applicationName, now,
				activity);
		List<PreflightResult> results = new ArrayList<>();
		try {
			for (PreflightCheck check : checks(settings)) {
				if (settings.getSkipChecks().contains(check.id())) {
					results.add(PreflightResult.skipped(check.id(), "Listed in migrations.preflight.skip-checks"));
					continue;
				}
				results.addAll(runOne(check, context, activity, settings));
			}
		}
		finally {
			if (activity != null) {
				activity.endChecks(connection);
			}
		}
		report(results, pending.size(), tables, (System.nanoTime() - started) / 1_000_000);
		return List.copyOf(results);
	}

	private static List<PreflightCheck> checks(PreflightConfig settings) {
		List<PreflightCheck> checks = new ArrayList<>(ActivityCheck.BUILT_IN);
		if (settings.getMaintenanceWindow() != null) {
			checks.add(new MaintenanceWindowCheck(settings.getMaintenanceWindow()));
		}
		checks.addAll(settings.getChecks());
		return checks;
	}

	private static List<String> tables(Connection connection, Dialect dialect, List<ResolvedMigration> pending)
			throws SQLException {
		List<SqlStatement> statements = new ArrayList<>();
		for (ResolvedMigration migration : pending) {
			if (migration.kind() != MigrationKind.JAVA) {
				statements.addAll(migration.upStatements());
			}
		}
		return dialect.tablesNamedIn(connection, statements);
	}

	private static List<PreflightResult> runOne(PreflightCheck check, PreflightContext context,
			@Nullable DatabaseActivity activity, PreflightConfig settings) throws SQLException {
		Connection connection = context.connection();
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			if (activity != null) {
				activity.limitTransaction(connection, settings.getTimeout());
			}
			List<PreflightResult> found = check.check(context);
			if (found == null || found.isEmpty()) {
				return List.of(PreflightResult.passed(check.id(), "Nothing found"));
			}
			// findings carry the id of the check that made them: it is a metric tag and what
			// skip-checks names, so a check cannot invent others
			return found.stream()
				.map((result) -> result.check().equals(check.id()) ? result
						: new PreflightResult(check.id(), result.status(), result.message(), result.details()))
				.toList();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Pre-flight check {} failed", check.id(), ex);
			String reason = (ex instanceof SQLException sql && sql.getSQLState() != null)
					? ex.getMessage() + " [SQLState " + sql.getSQLState() + "]" : String.valueOf(ex.getMessage());
			return List.of(PreflightResult.warning(check.id(),
					"The check could not run, so its condition is unknown: " + reason
							+ ". Look at the database yourself before relying on this run, or fix the check.",
					PreflightResult.details("exception", ex.getClass().getName())));
		}
		finally {
			connection.rollback();
			connection.setAutoCommit(autoCommit);
		}
	}

	private static void report(List<PreflightResult> results, int pending, List<String> tables, long millis) {
		Map<PreflightStatus, Integer> counts = new EnumMap<>(PreflightStatus.class);
		for (PreflightResult result : results) {
			counts.merge(result.status(), 1, Integer::sum);
			// the run logs a WARN line for each of the others
			if (!result.status().needsAttention()) {
				logger.debug("Pre-flight {}", result.describe());
			}
		}
		String touched = (tables.size() <= 10) ? tables.toString() : tables.size() + " tables";
		logger.info("Pre-flight checks for {} pending migration{} touching {}: {} passed, {} warning, {} blocking, "
				+ "{} skipped ({} ms)", pending, (pending == 1) ? "" : "s", touched,
				counts.getOrDefault(PreflightStatus.PASSED, 0), counts.getOrDefault(PreflightStatus.WARNING, 0),
				counts.getOrDefault(PreflightStatus.BLOCKING, 0), counts.getOrDefault(PreflightStatus.SKIPPED, 0),
				millis);
	}

}
