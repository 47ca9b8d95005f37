package io.github.migrations;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ResourceLoader;

/**
 * The setters of {@link MigratorConfig.Builder}, each writing one value of a
 * {@link MigratorConfigValues}: kept apart from the config's getters and defaults so that each
 * file stays readable. An application sees them as the builder's own methods (they are public,
 * on a public class).
 */
abstract class MigratorConfigSetters {

	final MigratorConfigValues values;

	MigratorConfigSetters(MigratorConfigValues values) {
		this.values = values;
	}

	/**
	 * This builder, typed as the public one.
	 */
	abstract MigratorConfig.Builder self();
	/**
	 * Where to look: {@code classpath:db/migration}, {@code filesystem:/opt/sql}; a
	 * {@code {vendor}} placeholder becomes the database vendor ({@code postgresql}, {@code h2},
	 * {@code mariadb}, {@code mysql}).
	 */
	public MigratorConfig.Builder locations(List<String> locations) {
		this.values.locations = new ArrayList<>(locations);
		return self();
	}

	public MigratorConfig.Builder locations(String... locations) {
		return locations(List.of(locations));
	}

	public MigratorConfig.Builder table(String table) {
		this.values.table = table;
		return self();
	}

	public MigratorConfig.Builder lockTable(String lockTable) {
		this.values.lockTable = lockTable;
		return self();
	}

	/**
	 * Schema of the history and lock tables; {@code null} means the connection's current schema.
	 */
	public MigratorConfig.Builder schema(@Nullable String schema) {
		this.values.schema = schema;
		return self();
	}

	public MigratorConfig.Builder lockLease(Duration lockLease) {
		this.values.lockLease = lockLease;
		return self();
	}

	/**
	 * How often the lease is renewed; {@code null} means a third of the lease.
	 */
	public MigratorConfig.Builder lockHeartbeat(@Nullable Duration lockHeartbeat) {
		this.values.lockHeartbeat = lockHeartbeat;
		return self();
	}

	public MigratorConfig.Builder lockWaitTimeout(Duration lockWaitTimeout) {
		this.values.lockWaitTimeout = lockWaitTimeout;
		return self();
	}

	/**
	 * Whether a waiter takes over from a holder whose database session is gone before its lease
	 * ends ({@link LockLiveness#AUTO}), or only after it ({@link LockLiveness#LEASE_ONLY}).
	 */
	public MigratorConfig.Builder lockLiveness(LockLiveness lockLiveness) {
		this.values.lockLiveness = Objects.requireNonNull(lockLiveness, "lockLiveness");
		return self();
	}

	/**
	 * Database lock timeout for each migration's statements ({@code lock_timeout}); {@code null}
	 * leaves the server's setting, zero disables it.
	 */
	public MigratorConfig.Builder lockTimeout(@Nullable Duration lockTimeout) {
		this.values.lockTimeout = lockTimeout;
		return self();
	}

	/**
	 * Statement timeout for each migration's statements ({@code statement_timeout}; on MariaDB
	 * the session's {@code max_statement_time}, on MySQL {@code max_execution_time}, which MySQL
	 * applies to {@code SELECT}s only); {@code null} leaves the server's setting.
	 */
	public MigratorConfig.Builder statementTimeout(@Nullable Duration statementTimeout) {
		this.values.statementTimeout = statementTimeout;
		return self();
	}

	/**
	 * How often a transactional migration is retried after a lock timeout.
	 */
	public MigratorConfig.Builder lockRetries(int lockRetries) {
		this.values.lockRetries = lockRetries;
		return self();
	}

	/**
	 * Drop INVALID indexes of the target schema ({@code DROP INDEX CONCURRENTLY}) before
	 * pending migrations run, instead of failing the run; off by default.
	 */
	public MigratorConfig.Builder cleanupInvalidIndexes(boolean cleanupInvalidIndexes) {
		this.values.cleanupInvalidIndexes = cleanupInvalidIndexes;
		return self();
	}

	/**
	 * Apply the pending transactional migrations of a run in one transaction (group mode): one
	 * commit, all or none; a non-transactional migration ends a group. Off by default; PostgreSQL
	 * only (a run elsewhere is refused).
	 */
	public MigratorConfig.Builder group(boolean group) {
		this.values.group = group;
		return self();
	}

	public MigratorConfig.Builder validateOnMigrate(boolean validateOnMigrate) {
		this.values.validateOnMigrate = validateOnMigrate;
		return self();
	}

	public MigratorConfig.Builder outOfOrder(boolean outOfOrder) {
		this.values.outOfOrder = outOfOrder;
		return self();
	}

	public MigratorConfig.Builder ignoreMissing(boolean ignoreMissing) {
		this.values.ignoreMissing = ignoreMissing;
		return self();
	}

	/**
	 * Migrate up to and including this version; {@code null} for all.
	 */
	public MigratorConfig.Builder target(@Nullable MigrationVersion target) {
		this.values.target = target;
		return self();
	}

	public MigratorConfig.Builder installedBy(@Nullable String installedBy) {
		this.values.installedBy = installedBy;
		return self();
	}

	public MigratorConfig.Builder applicationName(String applicationName) {
		this.values.applicationName = applicationName;
		return self();
	}

	/**
	 * How long a migration may run before a WARN and a
	 * {@link MigrationListener#migrationSlow} event (repeated each time the time doubles).
	 */
	public MigratorConfig.Builder slowThreshold(Duration slowThreshold) {
		this.values.slowThreshold = slowThreshold;
		return self();
	}

	/**
	 * How far behind the primary any standby may fall before a batched backfill pauses between
	 * batches (until it has caught up); {@code null} never pauses for standbys.
	 */
	public MigratorConfig.Builder backfillMaxReplicationLag(@Nullable Duration maxLag) {
		this.values.backfillMaxReplicationLag = maxLag;
		return self();
	}

	/**
	 * How long the commit of a migration (and of a backfill's batch) may wait before the wait is
	 * cancelled and the run fails; {@code null} waits as long as the database makes it. A commit
	 * waits longer than an instant only for synchronous standbys: a cancelled wait leaves the
	 * transaction committed on the primary, not yet on the standbys.
	 */
	public MigratorConfig.Builder commitTimeout(@Nullable Duration commitTimeout) {
		this.values.commitTimeout = commitTimeout;
		return self();
	}

	public MigratorConfig.Builder encoding(Charset encoding) {
		this.values.encoding = encoding;
		return self();
	}

	public MigratorConfig.Builder javaMigrations(List<? extends JavaMigration> javaMigrations) {
		this.values.javaMigrations = new ArrayList<>(javaMigrations);
		return self();
	}

	public MigratorConfig.Builder javaMigration(JavaMigration javaMigration) {
		this.values.javaMigrations.add(javaMigration);
		return self();
	}

	public MigratorConfig.Builder listeners(List<? extends MigrationListener> listeners) {
		this.values.listeners = new ArrayList<>(listeners);
		return self();
	}

	public MigratorConfig.Builder listener(MigrationListener listener) {
		this.values.listeners.add(listener);
		return self();
	}

	public MigratorConfig.Builder resourceLoader(@Nullable ResourceLoader resourceLoader) {
		this.values.resourceLoader = resourceLoader;
		return self();
	}

	/**
	 * What a migrate run does with the linter's findings on pending migrations (PostgreSQL,
	 * MariaDB and MySQL; H2 is not linted): log them, stop the run on errors and warnings, or skip linting.
	 */
	public MigratorConfig.Builder lint(LintMode lint) {
		this.values.lint = Objects.requireNonNull(lint, "lint");
		return self();
	}

	/**
	 * Values of the placeholders in SQL files ({@code ${name}}), by name; names compare
	 * ignoring case.
	 */
	public MigratorConfig.Builder placeholders(Map<String, String> placeholders) {
		this.values.placeholders = new LinkedHashMap<>(placeholders);
		return self();
	}

	public MigratorConfig.Builder placeholder(String name, String value) {
		this.values.placeholders.put(name, value);
		return self();
	}

	/**
	 * What opens a placeholder; {@code ${} by default.
	 */
	public MigratorConfig.Builder placeholderPrefix(String placeholderPrefix) {
		this.values.placeholderPrefix = placeholderPrefix;
		return self();
	}

	/**
	 * What closes a placeholder; <code>}</code> by default.
	 */
	public MigratorConfig.Builder placeholderSuffix(String placeholderSuffix) {
		this.values.placeholderSuffix = placeholderSuffix;
		return self();
	}

	/**
	 * Whether placeholders are replaced; {@code false} runs SQL files as written.
	 */
	public MigratorConfig.Builder placeholderReplacement(boolean placeholderReplacement) {
		this.values.placeholderReplacement = placeholderReplacement;
		return self();
	}

	/**
	 * The Java callbacks, in the order they run.
	 */
	public MigratorConfig.Builder callbacks(List<? extends MigrationCallback> callbacks) {
		this.values.callbacks = new ArrayList<>(callbacks);
		return self();
	}

	public MigratorConfig.Builder callback(MigrationCallback callback) {
		this.values.callbacks.add(callback);
		return self();
	}

	/**
	 * The lint rules a migrate run applies (ids, as in {@code -- migrations:allow}); empty,
	 * the default, means every rule of severity error or warning.
	 */
	public MigratorConfig.Builder lintRules(Collection<String> lintRules) {
		this.values.lintRules = new LinkedHashSet<>(lintRules);
		return self();
	}

	/**
	 * Never lint migrations up to and including this version (they ran long ago and cannot
	 * be changed); {@code null} lints every pending one.
	 */
	public MigratorConfig.Builder lintStartAfter(@Nullable MigrationVersion lintStartAfter) {
		this.values.lintStartAfter = lintStartAfter;
		return self();
	}

	/**
	 * Retry the first connection of a run this often when the database cannot be reached
	 * (a container starting beside its database); 0 fails at once.
	 */
	public MigratorConfig.Builder connectRetries(int connectRetries) {
		this.values.connectRetries = connectRetries;
		return self();
	}

	/**
	 * The longest wait between two connection attempts; waits start at one second (or this,
	 * if shorter) and double.
	 */
	public MigratorConfig.Builder connectRetriesInterval(Duration connectRetriesInterval) {
		this.values.connectRetriesInterval = connectRetriesInterval;
		return self();
	}

	/**
	 * Fail a run when a location (after {@code {vendor}} is replaced) does not exist, rather
	 * than finding no migrations there.
	 */
	public MigratorConfig.Builder failOnMissingLocations(boolean failOnMissingLocations) {
		this.values.failOnMissingLocations = failOnMissingLocations;
		return self();
	}

	/**
	 * On a schema with tables of its own and no history (nor a foreign one to import), record
	 * a baseline at the baseline version instead of refusing to run.
	 */
	public MigratorConfig.Builder baselineOnMigrate(boolean baselineOnMigrate) {
		this.values.baselineOnMigrate = baselineOnMigrate;
		return self();
	}

	/**
	 * The version a baseline is recorded at: local migrations at or below it never run.
	 */
	public MigratorConfig.Builder baselineVersion(MigrationVersion baselineVersion) {
		this.values.baselineVersion = Objects.requireNonNull(baselineVersion, "baselineVersion");
		return self();
	}

	/**
	 * Which foreign history the first run imports when the history table does not exist yet:
	 * {@link HistoryImport#AUTO} looks for each known one.
	 */
	public MigratorConfig.Builder importHistory(HistoryImport importHistory) {
		this.values.importHistory = Objects.requireNonNull(importHistory, "importHistory");
		return self();
	}

	/**
	 * The name of Flyway's history table, when it is not {@code flyway_schema_history}.
	 */
	public MigratorConfig.Builder importFlywayTable(String importFlywayTable) {
		this.values.importFlywayTable = importFlywayTable;
		return self();
	}

}
