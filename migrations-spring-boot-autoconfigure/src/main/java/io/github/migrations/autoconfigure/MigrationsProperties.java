package io.github.migrations.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.migrations.HistoryImport;
import io.github.migrations.LintMode;
import io.github.migrations.LockLiveness;
import io.github.migrations.MigratorConfig;
import io.github.migrations.preflight.PreflightConfig;
import io.github.migrations.preflight.PreflightStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the migrations run at startup, bound from {@code migrations.*}. Defaults are
 * those of {@link MigratorConfig}.
 */
@ConfigurationProperties("migrations")
public class MigrationsProperties {

	/**
	 * Whether to enable the migrations auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * What to do at startup: migrate, validate (fail when anything is pending, failed or
	 * edited), none, or job (migrate, then exit).
	 */
	private MigrationsMode mode = MigrationsMode.MIGRATE;

	/**
	 * Locations of migration scripts; a "{vendor}" placeholder becomes the database vendor
	 * (postgresql, h2, mariadb, mysql).
	 */
	private List<String> locations = new ArrayList<>(MigratorConfig.DEFAULT_LOCATIONS);

	/**
	 * Name of the history table.
	 */
	private String table = MigratorConfig.DEFAULT_TABLE;

	/**
	 * Name of the lock table.
	 */
	private String lockTable = MigratorConfig.DEFAULT_LOCK_TABLE;

	/**
	 * Schema of the history and lock tables; the connection's current schema when not set.
	 */
	private @Nullable String schema;

	/**
	 * JDBC URL of a separate connection for migrations (for example a user allowed to run DDL);
	 * the application's DataSource when not set.
	 */
	private @Nullable String url;

	/**
	 * Login user for migrations; with no url, a connection like the application's DataSource but
	 * with this user.
	 */
	private @Nullable String user;

	/**
	 * Login password for migrations.
	 */
	private @Nullable String password;

	/**
	 * Fully qualified name of the JDBC driver for the migrations connection; detected from the url
	 * when not set.
	 */
	private @Nullable String driverClassName;

	/**
	 * Whether to validate applied migrations (checksums, failures, missing files) before pending
	 * ones run.
	 */
	private boolean validateOnMigrate = MigratorConfig.DEFAULT_VALIDATE_ON_MIGRATE;

	/**
	 * Whether a pending migration older than the newest applied one may run.
	 */
	private boolean outOfOrder = MigratorConfig.DEFAULT_OUT_OF_ORDER;

	/**
	 * Whether an applied migration whose file is gone is tolerated.
	 */
	private boolean ignoreMissing = MigratorConfig.DEFAULT_IGNORE_MISSING;

	/**
	 * Whether INVALID indexes left by an interrupted CREATE INDEX CONCURRENTLY are dropped before
	 * pending migrations run, instead of failing the run.
	 */
	private boolean cleanupInvalidIndexes = MigratorConfig.DEFAULT_CLEANUP_INVALID_INDEXES;

	/**
	 * Whether the pending transactional migrations of a run are applied in one transaction, all or
	 * none (one commit; a non-transactional migration ends a group). PostgreSQL only: a run on
	 * MariaDB, MySQL or H2, whose DDL commits by itself, is refused.
	 */
	private boolean group = MigratorConfig.DEFAULT_GROUP;

	/**
	 * Version to migrate up to, inclusive; all pending migrations when not set.
	 */
	private @Nullable String target;

	/**
	 * Name recorded as installed_by in the history table; the database user when not set.
	 */
	private @Nullable String installedBy;

	/**
	 * Application name the migration connections carry (followed by host, pid and fence), as seen
	 * in pg_stat_activity.
	 */
	private String applicationName = MigratorConfig.DEFAULT_APPLICATION_NAME;

	/**
	 * Encoding of SQL migration files.
	 */
	private Charset encoding = StandardCharsets.UTF_8;

	/**
	 * Database lock timeout for each migration's statements (PostgreSQL's lock_timeout; MariaDB's
	 * and MySQL's lock_wait_timeout and innodb_lock_wait_timeout, in whole seconds); 0 disables it
	 * on PostgreSQL and leaves the server's own settings on MariaDB and MySQL.
	 */
	private @Nullable Duration lockTimeout = MigratorConfig.DEFAULT_LOCK_TIMEOUT;

	/**
	 * Statement timeout for each migration's statements (MariaDB: max_statement_time; MySQL:
	 * max_execution_time, SELECTs only); the server's setting when not set.
	 */
	private @Nullable Duration statementTimeout;

	/**
	 * How often a transactional migration is retried after it hit the lock timeout.
	 */
	private int lockRetries = MigratorConfig.DEFAULT_LOCK_RETRIES;

	/**
	 * How long a migration may run before a WARN is logged (and again each time the time doubles).
	 */
	private Duration slowThreshold = MigratorConfig.DEFAULT_SLOW_THRESHOLD;

	/**
	 * How long the commit of a migration may wait (for synchronous standbys, which the statement
	 * and lock timeouts do not cover) before the wait is cancelled and the run fails; the
	 * transaction is then committed on the primary but not confirmed by a standby. 0 waits as
	 * long as the database makes it.
	 */
	private Duration commitTimeout = MigratorConfig.DEFAULT_COMMIT_TIMEOUT;

	/**
	 * Whether a migrate run on a schema that has tables of its own but no history (and no other
	 * tool's history to import) records a baseline at the baseline version instead of refusing to
	 * run.
	 */
	private boolean baselineOnMigrate = MigratorConfig.DEFAULT_BASELINE_ON_MIGRATE;

	/**
	 * The version a baseline is recorded at: migrations at or below it count as applied and never
	 * run.
	 */
	private String baselineVersion = MigratorConfig.DEFAULT_BASELINE_VERSION.toString();

	/**
	 * Which other tool's history the first run imports when the history table does not exist
	 * yet: auto (the first one found), flyway, sql-migrate, goose, golang-migrate or none.
	 */
	private HistoryImport importHistory = MigratorConfig.DEFAULT_IMPORT_HISTORY;

	/**
	 * The name of Flyway's history table, read by the history import.
	 */
	private String importFlywayTable = MigratorConfig.DEFAULT_IMPORT_FLYWAY_TABLE;

	/**
	 * Values of the placeholders in SQL files (${name}), by name, as Flyway's placeholders.
	 */
	private Map<String, String> placeholders = new LinkedHashMap<>();

	/**
	 * What opens a placeholder in a SQL file.
	 */
	private String placeholderPrefix = MigratorConfig.DEFAULT_PLACEHOLDER_PREFIX;

	/**
	 * What closes a placeholder in a SQL file.
	 */
	private String placeholderSuffix = MigratorConfig.DEFAULT_PLACEHOLDER_SUFFIX;

	/**
	 * Whether placeholders in SQL files are replaced; false runs the files as written.
	 */
	private boolean placeholderReplacement = MigratorConfig.DEFAULT_PLACEHOLDER_REPLACEMENT;

	private final Lock lock = new Lock();

	private final Preflight preflight = new Preflight();

	private final Backfill backfill = new Backfill();

	private final Tenants tenants = new Tenants();

	// Boot-native settings (#15): the linter at startup, connect retries, missing locations

	private Lint lint = new Lint();

	/**
	 * How often the first connection of a run is retried when the database cannot be reached (a
	 * container starting beside its database).
	 */
	private int connectRetries = MigratorConfig.DEFAULT_CONNECT_RETRIES;

	/**
	 * Longest wait between two connection attempts; the waits start at one second and double.
	 */
	private Duration connectRetriesInterval = MigratorConfig.DEFAULT_CONNECT_RETRIES_INTERVAL;

	/**
	 * Whether a location that does not exist fails the run instead of contributing no migrations.
	 */
	private boolean failOnMissingLocations = MigratorConfig.DEFAULT_FAIL_ON_MISSING_LOCATIONS;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public MigrationsMode getMode() {
		return this.mode;
	}

	public void setMode(MigrationsMode mode) {
		this.mode = mode;
	}

	public List<String> getLocations() {
		return this.locations;
	}

	public void setLocations(List<String> locations) {
		this.locations = locations;
	}

	public String getTable() {
		return this.table;
	}

	public void setTable(String table) {
		this.table = table;
	}

	public String getLockTable() {
		return this.lockTable;
	}

	public void setLockTable(String lockTable) {
		this.lockTable = lockTable;
	}

	public @Nullable String getSchema() {
		return this.schema;
	}

	public void setSchema(@Nullable String schema) {
		this.schema = schema;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUser() {
		return this.user;
	}

	public void setUser(@Nullable String user) {
		this.user = user;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getDriverClassName() {
		return this.driverClassName;
	}

	public void setDriverClassName(@Nullable String driverClassName) {
		this.driverClassName = driverClassName;
	}

	public boolean isValidateOnMigrate() {
		return this.validateOnMigrate;
	}

	public void setValidateOnMigrate(boolean validateOnMigrate) {
		this.validateOnMigrate = validateOnMigrate;
	}

	public boolean isOutOfOrder() {
		return this.outOfOrder;
	}

	public void setOutOfOrder(boolean outOfOrder) {
		this.outOfOrder = outOfOrder;
	}

	public boolean isIgnoreMissing() {
		return this.ignoreMissing;
	}

	public void setIgnoreMissing(boolean ignoreMissing) {
		this.ignoreMissing = ignoreMissing;
	}

	public boolean isCleanupInvalidIndexes() {
		return this.cleanupInvalidIndexes;
	}

	public void setCleanupInvalidIndexes(boolean cleanupInvalidIndexes) {
		this.cleanupInvalidIndexes = cleanupInvalidIndexes;
	}

	public boolean isGroup() {
		return this.group;
	}

	public void setGroup(boolean group) {
		this.group = group;
	}

	public @Nullable String getTarget() {
		return this.target;
	}

	public void setTarget(@Nullable String target) {
		this.target = target;
	}

	public @Nullable String getInstalledBy() {
		return this.installedBy;
	}

	public void setInstalledBy(@Nullable String installedBy) {
		this.installedBy = installedBy;
	}

	public String getApplicationName() {
		return this.applicationName;
	}

	public void setApplicationName(String applicationName) {
		this.applicationName = applicationName;
	}

	public Charset getEncoding() {
		return this.encoding;
	}

	public void setEncoding(Charset encoding) {
		this.encoding = encoding;
	}

	public @Nullable Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(@Nullable Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public @Nullable Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public void setStatementTimeout(@Nullable Duration statementTimeout) {
		this.statementTimeout = statementTimeout;
	}

	public int getLockRetries() {
		return this.lockRetries;
	}

	public void setLockRetries(int lockRetries) {
		this.lockRetries = lockRetries;
	}

	public Duration getSlowThreshold() {
		return this.slowThreshold;
	}

	public void setSlowThreshold(Duration slowThreshold) {
		this.slowThreshold = slowThreshold;
	}

	public boolean isBaselineOnMigrate() {
		return this.baselineOnMigrate;
	}

	public void setBaselineOnMigrate(boolean baselineOnMigrate) {
		this.baselineOnMigrate = baselineOnMigrate;
	}

	public String getBaselineVersion() {
		return this.baselineVersion;
	}

	public void setBaselineVersion(String baselineVersion) {
		this.baselineVersion = baselineVersion;
	}

	public HistoryImport getImportHistory() {
		return this.importHistory;
	}

	public void setImportHistory(HistoryImport importHistory) {
		this.importHistory = importHistory;
	}

	public String getImportFlywayTable() {
		return this.importFlywayTable;
	}

	public void setImportFlywayTable(String importFlywayTable) {
		this.importFlywayTable = importFlywayTable;
	}

	public Map<String, String> getPlaceholders() {
		return this.placeholders;
	}

	public void setPlaceholders(Map<String, String> placeholders) {
		this.placeholders = placeholders;
	}

	public String getPlaceholderPrefix() {
		return this.placeholderPrefix;
	}

	public void setPlaceholderPrefix(String placeholderPrefix) {
		this.placeholderPrefix = placeholderPrefix;
	}

	public String getPlaceholderSuffix() {
		return this.placeholderSuffix;
	}

	public void setPlaceholderSuffix(String placeholderSuffix) {
		this.placeholderSuffix = placeholderSuffix;
	}

	public boolean isPlaceholderReplacement() {
		return this.placeholderReplacement;
	}

	public void setPlaceholderReplacement(boolean placeholderReplacement) {
		this.placeholderReplacement = placeholderReplacement;
	}

	public Lock getLock() {
		return this.lock;
	}

	public Tenants getTenants() {
		return this.tenants;
	}

	public Preflight getPreflight() {
		return this.preflight;
	}

	public Backfill getBackfill() {
		return this.backfill;
	}

	public Duration getCommitTimeout() {
		return this.commitTimeout;
	}

	public void setCommitTimeout(Duration commitTimeout) {
		this.commitTimeout = commitTimeout;
	}

	public Lint getLint() {
		return this.lint;
	}

	public void setLint(Lint lint) {
		this.lint = lint;
	}

	public int getConnectRetries() {
		return this.connectRetries;
	}

	public void setConnectRetries(int connectRetries) {
		this.connectRetries = connectRetries;
	}

	public Duration getConnectRetriesInterval() {
		return this.connectRetriesInterval;
	}

	public void setConnectRetriesInterval(Duration connectRetriesInterval) {
		this.connectRetriesInterval = connectRetriesInterval;
	}

	public boolean isFailOnMissingLocations() {
		return this.failOnMissingLocations;
	}

	public void setFailOnMissingLocations(boolean failOnMissingLocations) {
		this.failOnMissingLocations = failOnMissingLocations;
	}

	/**
	 * The linter a migrate run applies to pending migrations (PostgreSQL, MariaDB and MySQL, each with
	 * its own rules; H2 is not linted). The short form
	 * {@code migrations.lint=fail} still sets the mode.
	 */
	public static class Lint {

		/**
		 * What a migrate run does with the linter's findings on pending migrations: warn (log
		 * them), fail (stop before anything changes) or off.
		 */
		private LintMode mode = MigratorConfig.DEFAULT_LINT_MODE;

		/**
		 * Ids of the rules to apply at startup; when empty, every rule that predicts harm to a
		 * running system (locks that queue traffic, rewrites, breaking the running release), not
		 * the style rules (prefer-text, prefer-timestamptz, prefer-bigint-pk, prefer-jsonb,
		 * char-column). Ids of another database's rules select nothing on this one.
		 */
		private Set<String> rules = new LinkedHashSet<>();

		/**
		 * Version up to which (inclusive) migrations are never linted, for migrations applied
		 * long ago.
		 */
		private @Nullable String startAfter;

		/**
		 * The short form {@code migrations.lint=warn|fail|off}: only the mode.
		 */
		public static Lint valueOf(String mode) {
			Lint lint = new Lint();
			lint.setMode(LintMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
			return lint;
		}

		public LintMode getMode() {
			return this.mode;
		}

		public void setMode(LintMode mode) {
			this.mode = mode;
		}

		public Set<String> getRules() {
			return this.rules;
		}

		public void setRules(Set<String> rules) {
			this.rules = rules;
		}

		public @Nullable String getStartAfter() {
			return this.startAfter;
		}

		public void setStartAfter(@Nullable String startAfter) {
			this.startAfter = startAfter;
		}

	}

	/**
	 * Batched backfills of Java migrations.
	 */
	public static class Backfill {

		/**
		 * How far behind the primary any standby may fall before a backfill pauses between two
		 * batches (until it has caught up); 0 never pauses for standbys.
		 */
		private Duration maxReplicationLag = MigratorConfig.DEFAULT_BACKFILL_MAX_REPLICATION_LAG;

		public Duration getMaxReplicationLag() {
			return this.maxReplicationLag;
		}

		public void setMaxReplicationLag(Duration maxReplicationLag) {
			this.maxReplicationLag = maxReplicationLag;
		}

	}

	/**
	 * The migration lock: a lease in the lock table that the holder renews.
	 */
	public static class Lock {

		/**
		 * How long the lock holder may go without renewing before another runner may take over.
		 */
		private Duration lease = MigratorConfig.DEFAULT_LOCK_LEASE;

		/**
		 * How often the holder renews its lease; a third of the lease when not set.
		 */
		private @Nullable Duration heartbeat;

		/**
		 * How long a runner waits for the lock before it gives up and fails.
		 */
		private Duration waitTimeout = MigratorConfig.DEFAULT_LOCK_WAIT_TIMEOUT;

		/**
		 * Whether a waiting runner takes over at once from a holder whose database session is gone
		 * (auto: PostgreSQL, MariaDB and MySQL on a direct connection; lease-only elsewhere), or
		 * only after its lease (lease-only).
		 */
		private LockLiveness liveness = MigratorConfig.DEFAULT_LOCK_LIVENESS;

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public @Nullable Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(@Nullable Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
		}

		public LockLiveness getLiveness() {
			return this.liveness;
		}

		public void setLiveness(LockLiveness liveness) {
			this.liveness = liveness;
		}

	}

	/**
	 * The pre-flight checks run before a migrate run with pending migrations applies anything.
	 */
	public static class Preflight {

		/**
		 * Whether to run the pre-flight checks.
		 */
		private boolean enabled = PreflightConfig.DEFAULT_ENABLED;

		/**
		 * How long a session holding or waiting for a lock on a table the pending migrations
		 * touch may be idle in transaction before it blocks the run.
		 */
		private Duration idleInTransactionThreshold = PreflightConfig.DEFAULT_IDLE_IN_TRANSACTION_THRESHOLD;

		/**
		 * How long the transaction of a session holding or waiting for a lock on such a table
		 * may have run before it blocks the run.
		 */
		private Duration longRunningThreshold = PreflightConfig.DEFAULT_LONG_RUNNING_THRESHOLD;

		/**
		 * Size (indexes and TOAST included) over which a table the pending migrations touch
		 * gives a warning.
		 */
		private DataSize tableSizeThreshold = PreflightConfig.DEFAULT_TABLE_SIZE_THRESHOLD;

		/**
		 * How many sessions may be running a statement before a warning.
		 */
		private int activeConnectionsThreshold = PreflightConfig.DEFAULT_ACTIVE_CONNECTIONS_THRESHOLD;

		/**
		 * Replay lag of a standby over which a run gets a warning.
		 */
		private Duration replicationLagWarning = PreflightConfig.DEFAULT_REPLICATION_LAG_WARNING;

		/**
		 * Replay lag of a standby over which a run is blocked.
		 */
		private Duration replicationLagBlocking = PreflightConfig.DEFAULT_REPLICATION_LAG_BLOCKING;

		/**
		 * WAL a standby has not replayed yet over which a run gets a warning.
		 */
		private DataSize replicationBytesWarning = PreflightConfig.DEFAULT_REPLICATION_BYTES_WARNING;

		/**
		 * WAL a standby has not replayed yet over which a run is blocked.
		 */
		private DataSize replicationBytesBlocking = PreflightConfig.DEFAULT_REPLICATION_BYTES_BLOCKING;

		/**
		 * Daily window migrations may run in, as HH:mm-HH:mm (may cross midnight, e.g.
		 * 22:00-04:00); any time when not set.
		 */
		private @Nullable String maintenanceWindow;

		/**
		 * Time zone of the maintenance window.
		 */
		private ZoneId maintenanceWindowZone = ZoneOffset.UTC;

		/**
		 * What a run outside the maintenance window gets: blocking (it does not start) or warning.
		 */
		private PreflightStatus outsideWindow = PreflightConfig.DEFAULT_OUTSIDE_WINDOW;

		/**
		 * Statement and lock timeout of each check's queries.
		 */
		private Duration timeout = PreflightConfig.DEFAULT_TIMEOUT;

		/**
		 * Ids of checks not to run (built-in: blocking-sessions, table-size, active-connections,
		 * maintenance-window, replication; or an application check's id).
		 */
		private Set<String> skipChecks = new LinkedHashSet<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getIdleInTransactionThreshold() {
			return this.idleInTransactionThreshold;
		}

		public void setIdleInTransactionThreshold(Duration idleInTransactionThreshold) {
			this.idleInTransactionThreshold = idleInTransactionThreshold;
		}

		public Duration getLongRunningThreshold() {
			return this.longRunningThreshold;
		}

		public void setLongRunningThreshold(Duration longRunningThreshold) {
			this.longRunningThreshold = longRunningThreshold;
		}

		public DataSize getTableSizeThreshold() {
			return this.tableSizeThreshold;
		}

		public void setTableSizeThreshold(DataSize tableSizeThreshold) {
			this.tableSizeThreshold = tableSizeThreshold;
		}

		public int getActiveConnectionsThreshold() {
			return this.activeConnectionsThreshold;
		}

		public void setActiveConnectionsThreshold(int activeConnectionsThreshold) {
			this.activeConnectionsThreshold = activeConnectionsThreshold;
		}

		public Duration getReplicationLagWarning() {
			return this.replicationLagWarning;
		}

		public void setReplicationLagWarning(Duration replicationLagWarning) {
			this.replicationLagWarning = replicationLagWarning;
		}

		public Duration getReplicationLagBlocking() {
			return this.replicationLagBlocking;
		}

		public void setReplicationLagBlocking(Duration replicationLagBlocking) {
			this.replicationLagBlocking = replicationLagBlocking;
		}

		public DataSize getReplicationBytesWarning() {
			return this.replicationBytesWarning;
		}

		public void setReplicationBytesWarning(DataSize replicationBytesWarning) {
			this.replicationBytesWarning = replicationBytesWarning;
		}

		public DataSize getReplicationBytesBlocking() {
			return this.replicationBytesBlocking;
		}

		public void setReplicationBytesBlocking(DataSize replicationBytesBlocking) {
			this.replicationBytesBlocking = replicationBytesBlocking;
		}

		public @Nullable String getMaintenanceWindow() {
			return this.maintenanceWindow;
		}

		public void setMaintenanceWindow(@Nullable String maintenanceWindow) {
			this.maintenanceWindow = maintenanceWindow;
		}

		public ZoneId getMaintenanceWindowZone() {
			return this.maintenanceWindowZone;
		}

		public void setMaintenanceWindowZone(ZoneId maintenanceWindowZone) {
			this.maintenanceWindowZone = maintenanceWindowZone;
		}

		public PreflightStatus getOutsideWindow() {
			return this.outsideWindow;
		}

		public void setOutsideWindow(PreflightStatus outsideWindow) {
			this.outsideWindow = outsideWindow;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Set<String> getSkipChecks() {
			return this.skipChecks;
		}

		public void setSkipChecks(Set<String> skipChecks) {
			this.skipChecks = skipChecks;
		}

	}

	/**
	 * Tenants: schemas (on MariaDB and MySQL, databases) each with its own history and lock,
	 * migrated after the default schema at startup. Given by {@code schemas}, a {@code query}, or
	 * a {@code TenantSource} bean.
	 */
	public static class Tenants {

		/**
		 * The tenants' schemas (on MariaDB and MySQL, databases), migrated after the default schema.
		 */
		private List<String> schemas = new ArrayList<>();

		/**
		 * A query whose first column names the tenants' schemas, run at each start on the
		 * migrations DataSource after the default schema is migrated (so it may read a table that
		 * the default schema's migrations create).
		 */
		private @Nullable String query;

		/**
		 * Where the tenants' migrations are, when not where the default schema's are
		 * (migrations.locations).
		 */
		private List<String> locations = new ArrayList<>();

		/**
		 * How many tenants migrate at once; each running tenant holds up to three connections
		 * (fewer run at once when the pool is too small for that).
		 */
		private int parallelism = MigratorConfig.DEFAULT_TENANT_PARALLELISM;

		/**
		 * Whether the first failing tenant stops the run (no other tenant starts) and fails the
		 * start; otherwise the others migrate all the same and the health is DOWN naming it.
		 */
		private boolean failFast = MigratorConfig.DEFAULT_TENANT_FAIL_FAST;

		public List<String> getSchemas() {
			return this.schemas;
		}

		public void setSchemas(List<String> schemas) {
			this.schemas = schemas;
		}

		public @Nullable String getQuery() {
			return this.query;
		}

		public void setQuery(@Nullable String query) {
			this.query = query;
		}

		public List<String> getLocations() {
			return this.locations;
		}

		public void setLocations(List<String> locations) {
			this.locations = locations;
		}

		public int getParallelism() {
			return this.parallelism;
		}

		public void setParallelism(int parallelism) {
			this.parallelism = parallelism;
		}

		public boolean isFailFast() {
			return this.failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

	}

}
