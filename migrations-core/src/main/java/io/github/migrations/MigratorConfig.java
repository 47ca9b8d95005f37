package io.github.migrations;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.github.migrations.preflight.PreflightConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ResourceLoader;

/**
 * Immutable configuration of a {@link Migrator}, built and validated by {@link #builder()}. The
 * {@code DEFAULT_*} constants are the defaults everywhere (the Spring Boot properties use them
 * too).
 */
public final class MigratorConfig {

	/** Where migrations are looked for by default. */
	public static final List<String> DEFAULT_LOCATIONS = List.of("classpath:db/migration");

	/** Name of the history table. */
	public static final String DEFAULT_TABLE = "schema_migrations";

	/** Name of the lock table. */
	public static final String DEFAULT_LOCK_TABLE = "migration_lock";

	/** How long a lock holder may go without renewing before others may take over. */
	public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(30);

	/** How long a runner waits for the lock before giving up. */
	public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofMinutes(10);

	/** Whether a holder whose database session is gone is taken over before its lease ends. */
	public static final LockLiveness DEFAULT_LOCK_LIVENESS = LockLiveness.AUTO;

	/**
	 * How long a migration's statement waits for a table lock before it fails (and the migration
	 * is retried): short, because while an {@code ALTER TABLE} waits, every query on that table
	 * queues behind it.
	 */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

	/** How often a transactional migration is retried after it hit the lock timeout. */
	public static final int DEFAULT_LOCK_RETRIES = 3;

	/** Whether applied migrations are validated before pending ones run. */
	public static final boolean DEFAULT_VALIDATE_ON_MIGRATE = true;

	/** Whether a pending migration older than the newest applied one may run. */
	public static final boolean DEFAULT_OUT_OF_ORDER = false;

	/** Whether an applied migration whose file is gone (between local versions) is tolerated. */
	public static final boolean DEFAULT_IGNORE_MISSING = false;

	/** How long a migration may run before a WARN (repeated each time the time doubles). */
	public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofMinutes(5);

	/**
	 * How far behind the primary any standby may fall before a batched backfill (and a Java
	 * migration that asks, {@link MigrationRuntime#awaitReplicationLag()}) pauses between two
	 * batches until it has caught up.
	 */
	public static final Duration DEFAULT_BACKFILL_MAX_REPLICATION_LAG = Duration.ofSeconds(30);

	/**
	 * How long the commit of a migration may wait (for synchronous standbys, which statement and
	 * lock timeouts do not cover) before the wait is cancelled and the run fails.
	 */
	public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofMinutes(1);

	/** Whether INVALID indexes left by an interrupted CREATE INDEX CONCURRENTLY are dropped before a run. */
	public static final boolean DEFAULT_CLEANUP_INVALID_INDEXES = false;

	/**
	 * Whether the pending transactional migrations of a run are applied in one transaction (group
	 * mode; PostgreSQL only).
	 */
	public static final boolean DEFAULT_GROUP = false;

	/** Value of the connections' application name, followed by host, pid and fence. */
	public static final String DEFAULT_APPLICATION_NAME = "migrations";

	/** What a migrate run does with the linter's findings on pending migrations. */
	public static final LintMode DEFAULT_LINT_MODE = LintMode.WARN;

	/** What opens a placeholder in a SQL file, Flyway's. */
	public static final String DEFAULT_PLACEHOLDER_PREFIX = "${";

	/** What closes a placeholder in a SQL file, Flyway's. */
	public static final String DEFAULT_PLACEHOLDER_SUFFIX = "}";

	/** Whether placeholders in SQL files are replaced. */
	public static final boolean DEFAULT_PLACEHOLDER_REPLACEMENT = true;

	// Boot-native settings (#15): lint selection, connect retries, missing locations

	/** How often the first connection of a run is retried when the database cannot be reached. */
	public static final int DEFAULT_CONNECT_RETRIES = 0;

	/** The longest wait between two connection attempts (waits start at a second and double). */
	public static final Duration DEFAULT_CONNECT_RETRIES_INTERVAL = Duration.ofSeconds(120);

	/** Whether a location that does not exist fails the run. */
	public static final boolean DEFAULT_FAIL_ON_MISSING_LOCATIONS = false;

	// adoption (#14): baseline and history import

	/**
	 * Whether a migrate run on a schema with tables of its own and no history records a baseline
	 * instead of refusing to run.
	 */
	public static final boolean DEFAULT_BASELINE_ON_MIGRATE = false;

	/** The version a baseline is recorded at (Flyway's default too). */
	public static final MigrationVersion DEFAULT_BASELINE_VERSION = MigrationVersion.parse("1");

	/** Which foreign history the first run imports. */
	public static final HistoryImport DEFAULT_IMPORT_HISTORY = HistoryImport.AUTO;

	/** The name of Flyway's history table, read by the import. */
	public static final String DEFAULT_IMPORT_FLYWAY_TABLE = "flyway_schema_history";

	// tenants (#19)

	/** How many tenants {@link Tenants} migrates at once. */
	public static final int DEFAULT_TENANT_PARALLELISM = 4;

	/** Whether the first failing tenant stops a run of {@link Tenants}. */
	public static final boolean DEFAULT_TENANT_FAIL_FAST = false;

	private final MigratorConfigValues values;

	private final PreflightConfig preflight;

	private MigratorConfig(MigratorConfigValues values, PreflightConfig preflight) {
		this.values = values.frozen();
		this.preflight = preflight;
	}

	public static Builder builder() {
		return new Builder(new MigratorConfigValues(), PreflightConfig.builder());
	}

	/**
	 * A builder pre-filled with this configuration.
	 */
	public Builder toBuilder() {
		return new Builder(this.values.copy(), this.preflight.toBuilder());
	}

	public List<String> getLocations() {
		return this.values.locations;
	}

	public String getTable() {
		return this.values.table;
	}

	public String getLockTable() {
		return this.values.lockTable;
	}

	public @Nullable String getSchema() {
		return this.values.schema;
	}

	public Duration getLockLease() {
		return this.values.lockLease;
	}

	public Duration getLockHeartbeat() {
		return this.values.lockHeartbeat;
	}

	public Duration getLockWaitTimeout() {
		return this.values.lockWaitTimeout;
	}

	public LockLiveness getLockLiveness() {
		return this.values.lockLiveness;
	}

	public @Nullable Duration getLockTimeout() {
		return this.values.lockTimeout;
	}

	public @Nullable Duration getStatementTimeout() {
		return this.values.statementTimeout;
	}

	public int getLockRetries() {
		return this.values.lockRetries;
	}

	public boolean isValidateOnMigrate() {
		return this.values.validateOnMigrate;
	}

	public boolean isOutOfOrder() {
		return this.values.outOfOrder;
	}

	public boolean isIgnoreMissing() {
		return this.values.ignoreMissing;
	}

	/**
	 * Whether INVALID indexes in the target schema (left by an interrupted
	 * {@code CREATE INDEX CONCURRENTLY}) are dropped before pending migrations run, rather than
	 * reported as an error.
	 */
	public boolean isCleanupInvalidIndexes() {
		return this.values.cleanupInvalidIndexes;
	}

	/**
	 * Whether the pending transactional migrations of a run are applied in one transaction, one
	 * commit, all or none (group mode, as Flyway's {@code group}); a non-transactional migration
	 * ends a group and runs by itself. PostgreSQL only: a run on a database whose DDL commits by
	 * itself (MariaDB, MySQL, H2) is refused.
	 */
	public boolean isGroup() {
		return this.values.group;
	}

	public @Nullable MigrationVersion getTarget() {
		return this.values.target;
	}

	public @Nullable String getInstalledBy() {
		return this.values.installedBy;
	}

	public String getApplicationName() {
		return this.values.applicationName;
	}

	/**
	 * How long a migration may run before it is reported as slow.
	 */
	public Duration getSlowThreshold() {
		return this.values.slowThreshold;
	}

	/**
	 * How far behind any standby may be before a backfill pauses between batches; {@code null}:
	 * never pauses for standbys.
	 */
	public @Nullable Duration getBackfillMaxReplicationLag() {
		return this.values.backfillMaxReplicationLag;
	}

	/**
	 * How long a migration's commit may wait before it is cancelled and the run fails;
	 * {@code null}: as long as the database makes it.
	 */
	public @Nullable Duration getCommitTimeout() {
		return this.values.commitTimeout;
	}

	public Charset getEncoding() {
		return this.values.encoding;
	}

	public List<JavaMigration> getJavaMigrations() {
		return this.values.javaMigrations;
	}

	public List<MigrationListener> getListeners() {
		return this.values.listeners;
	}

	public ResourceLoader getResourceLoader() {
		return this.values.resourceLoader;
	}

	public LintMode getLint() {
		return this.values.lint;
	}

	/**
	 * The values of the placeholders in SQL files, by name.
	 */
	public Map<String, String> getPlaceholders() {
		return this.values.placeholders;
	}

	public String getPlaceholderPrefix() {
		return this.values.placeholderPrefix;
	}

	public String getPlaceholderSuffix() {
		return this.values.placeholderSuffix;
	}

	/**
	 * Whether placeholders in SQL files are replaced; {@code false} runs the text as written.
	 */
	public boolean isPlaceholderReplacement() {
		return this.values.placeholderReplacement;
	}

	/**
	 * The Java callbacks, in the order they run (after the SQL callbacks of the same event).
	 */
	public List<MigrationCallback> getCallbacks() {
		return this.values.callbacks;
	}

	/**
	 * The ids of the lint rules a migrate run applies to pending migrations; empty means every
	 * rule that predicts harm to a running system (severity error or warning), the style rules
	 * (advice) left to the linter in CI and tests.
	 */
	public Set<String> getLintRules() {
		return this.values.lintRules;
	}

	/**
	 * Migrations up to and including this version are never linted; {@code null} lints every
	 * pending one.
	 */
	public @Nullable MigrationVersion getLintStartAfter() {
		return this.values.lintStartAfter;
	}

	/**
	 * How often the first connection of a run is retried when the database cannot be reached.
	 */
	public int getConnectRetries() {
		return this.values.connectRetries;
	}

	/**
	 * The longest wait between two connection attempts.
	 */
	public Duration getConnectRetriesInterval() {
		return this.values.connectRetriesInterval;
	}

	/**
	 * Whether a location that does not exist fails the run instead of contributing no migrations.
	 */
	public boolean isFailOnMissingLocations() {
		return this.values.failOnMissingLocations;
	}

	/**
	 * Whether a migrate run on a schema with tables of its own and no history records a baseline
	 * at {@link #getBaselineVersion()} instead of refusing to run.
	 */
	public boolean isBaselineOnMigrate() {
		return this.values.baselineOnMigrate;
	}

	/**
	 * The version a baseline is recorded at: local migrations at or below it never run.
	 */
	public MigrationVersion getBaselineVersion() {
		return this.values.baselineVersion;
	}

	/**
	 * Which foreign history the first run imports when the history table does not exist yet.
	 */
	public HistoryImport getImportHistory() {
		return this.values.importHistory;
	}

	/**
	 * The name of Flyway's history table, in the target schema.
	 */
	public String getImportFlywayTable() {
		return this.values.importFlywayTable;
	}

	/**
	 * The pre-flight checks run before a migrate run applies anything.
	 */
	public PreflightConfig getPreflight() {
		return this.preflight;
	}

	@Override
	public String toString() {
		return this.values + (this.preflight.isEnabled() ? "" : ", preflight=off");
	}

	/**
	 * Builds a {@link MigratorConfig}; {@link #build()} validates. The setters of the single
	 * settings are inherited (declared in the package-private {@code MigratorConfigSetters}, so
	 * that this file stays readable); they are public methods of this class all the same.
	 */
	public static final class Builder extends MigratorConfigSetters {

		private final PreflightConfig.Builder preflight;

		private Builder(MigratorConfigValues values, PreflightConfig.Builder preflight) {
			super(values);
			this.preflight = preflight;
		}

		@Override
		Builder self() {
			return this;
		}

		/**
		 * Adjusts the pre-flight checks:
		 * {@code builder.preflight((p) -> p.maintenanceWindow(window).check(myCheck))}.
		 */
		public Builder preflight(Consumer<PreflightConfig.Builder> preflight) {
			preflight.accept(this.preflight);
			return this;
		}

		/**
		 * Validates and builds.
		 * @throws IllegalArgumentException naming the setting that is wrong
		 */
		public MigratorConfig build() {
			this.values.validate();
			return new MigratorConfig(this.values, this.preflight.build());
		}

	}

}
