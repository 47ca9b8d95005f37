package io.github.migrations;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.migrations.preflight.PreflightConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.DefaultResourceLoader;
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

	/** Whether INVALID indexes left by an interrupted CREATE INDEX CONCURRENTLY are dropped before a run. */
	public static final boolean DEFAULT_CLEANUP_INVALID_INDEXES = false;

	/** Value of the connections' application name, followed by host, pid and fence. */
	public static final String DEFAULT_APPLICATION_NAME = "migrations";

	/** What a migrate run does with the linter's findings on pending migrations. */
	public static final LintMode DEFAULT_LINT_MODE = LintMode.WARN;

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

	/** PostgreSQL's limit (NAMEDATALEN - 1); the names allowed are ASCII, one byte a character. */
	private static final int MAX_IDENTIFIER_LENGTH = 63;

	// the history table names its audit ("_audit") and backfill progress ("_backfill") tables
	private static final int DERIVED_SUFFIX_LENGTH = "_backfill".length();

	private final List<String> locations;

	private final String table;

	private final String lockTable;

	private final @Nullable String schema;

	private final Duration lockLease;

	private final Duration lockHeartbeat;

	private final Duration lockWaitTimeout;

	private final @Nullable Duration lockTimeout;

	private final @Nullable Duration statementTimeout;

	private final int lockRetries;

	private final boolean validateOnMigrate;

	private final boolean outOfOrder;

	private final boolean ignoreMissing;

	private final boolean cleanupInvalidIndexes;

	private final @Nullable MigrationVersion target;

	private final @Nullable String installedBy;

	private final String applicationName;

	private final Duration slowThreshold;

	private final Charset encoding;

	private final List<JavaMigration> javaMigrations;

	private final List<MigrationListener> listeners;

	private final ResourceLoader resourceLoader;

	private final LintMode lint;

	private final PreflightConfig preflight;

	private MigratorConfig(Builder builder) {
		this.locations = List.copyOf(builder.locations);
		this.table = builder.table;
		this.lockTable = builder.lockTable;
		this.schema = builder.schema;
		this.lockLease = builder.lockLease;
		this.lockHeartbeat = (builder.lockHeartbeat != null) ? builder.lockHeartbeat : builder.lockLease.dividedBy(3);
		this.lockWaitTimeout = builder.lockWaitTimeout;
		this.lockTimeout = builder.lockTimeout;
		this.statementTimeout = builder.statementTimeout;
		this.lockRetries = builder.lockRetries;
		this.validateOnMigrate = builder.validateOnMigrate;
		this.outOfOrder = builder.outOfOrder;
		this.ignoreMissing = builder.ignoreMissing;
		this.cleanupInvalidIndexes = builder.cleanupInvalidIndexes;
		this.target = builder.target;
		this.installedBy = builder.installedBy;
		this.applicationName = builder.applicationName;
		this.slowThreshold = builder.slowThreshold;
		this.encoding = builder.encoding;
		this.javaMigrations = List.copyOf(builder.javaMigrations);
		this.listeners = List.copyOf(builder.listeners);
		this.resourceLoader = (builder.resourceLoader != null) ? builder.resourceLoader : new DefaultResourceLoader();
		this.lint = builder.lint;
		this.preflight = builder.preflight.build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder pre-filled with this configuration.
	 */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.locations = new ArrayList<>(this.locations);
		b.table = this.table;
		b.lockTable = this.lockTable;
		b.schema = this.schema;
		b.lockLease = this.lockLease;
		b.lockHeartbeat = this.lockHeartbeat;
		b.lockWaitTimeout = this.lockWaitTimeout;
		b.lockTimeout = this.lockTimeout;
		b.statementTimeout = this.statementTimeout;
		b.lockRetries = this.lockRetries;
		b.validateOnMigrate = this.validateOnMigrate;
		b.outOfOrder = this.outOfOrder;
		b.ignoreMissing = this.ignoreMissing;
		b.cleanupInvalidIndexes = this.cleanupInvalidIndexes;
		b.target = this.target;
		b.installedBy = this.installedBy;
		b.applicationName = this.applicationName;
		b.slowThreshold = this.slowThreshold;
		b.encoding = this.encoding;
		b.javaMigrations = new ArrayList<>(this.javaMigrations);
		b.listeners = new ArrayList<>(this.listeners);
		b.resourceLoader = this.resourceLoader;
		b.lint = this.lint;
		b.preflight = this.preflight.toBuilder();
		return b;
	}

	public List<String> getLocations() {
		return this.locations;
	}

	public String getTable() {
		return this.table;
	}

	public String getLockTable() {
		return this.lockTable;
	}

	public @Nullable String getSchema() {
		return this.schema;
	}

	public Duration getLockLease() {
		return this.lockLease;
	}

	public Duration getLockHeartbeat() {
		return this.lockHeartbeat;
	}

	public Duration getLockWaitTimeout() {
		return this.lockWaitTimeout;
	}

	public @Nullable Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public @Nullable Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public int getLockRetries() {
		return this.lockRetries;
	}

	public boolean isValidateOnMigrate() {
		return this.validateOnMigrate;
	}

	public boolean isOutOfOrder() {
		return this.outOfOrder;
	}

	public boolean isIgnoreMissing() {
		return this.ignoreMissing;
	}

	/**
	 * Whether INVALID indexes in the target schema (left by an interrupted
	 * {@code CREATE INDEX CONCURRENTLY}) are dropped before pending migrations run, rather than
	 * reported as an error.
	 */
	public boolean isCleanupInvalidIndexes() {
		return this.cleanupInvalidIndexes;
	}

	public @Nullable MigrationVersion getTarget() {
		return this.target;
	}

	public @Nullable String getInstalledBy() {
		return this.installedBy;
	}

	public String getApplicationName() {
		return this.applicationName;
	}

	/**
	 * How long a migration may run before it is reported as slow.
	 */
	public Duration getSlowThreshold() {
		return this.slowThreshold;
	}

	public Charset getEncoding() {
		return this.encoding;
	}

	public List<JavaMigration> getJavaMigrations() {
		return this.javaMigrations;
	}

	public List<MigrationListener> getListeners() {
		return this.listeners;
	}

	public ResourceLoader getResourceLoader() {
		return this.resourceLoader;
	}

	public LintMode getLint() {
		return this.lint;
	}

	/**
	 * The pre-flight checks run before a migrate run applies anything.
	 */
	public PreflightConfig getPreflight() {
		return this.preflight;
	}

	@Override
	public String toString() {
		return "locations=" + this.locations + ", table=" + qualify(this.table) + ", lockTable="
				+ qualify(this.lockTable) + ", lease=" + this.lockLease + ", waitTimeout=" + this.lockWaitTimeout
				+ ", validateOnMigrate=" + this.validateOnMigrate + ", outOfOrder=" + this.outOfOrder
				+ ((this.target != null) ? ", target=" + this.target : "")
				+ ((this.lockTimeout != null) ? ", lockTimeout=" + this.lockTimeout : "")
				+ ((this.statementTimeout != null) ? ", statementTimeout=" + this.statementTimeout : "")
				+ (this.preflight.isEnabled() ? "" : ", preflight=off");
	}

	private String qualify(String name) {
		return (this.schema != null) ? this.schema + "." + name : name;
	}

	/**
	 * Builds a {@link MigratorConfig}; {@link #build()} validates.
	 */
	public static final class Builder {

		private List<String> locations = new ArrayList<>(DEFAULT_LOCATIONS);

		private String table = DEFAULT_TABLE;

		private String lockTable = DEFAULT_LOCK_TABLE;

		private @Nullable String schema;

		private Duration lockLease = DEFAULT_LOCK_LEASE;

		private @Nullable Duration lockHeartbeat;

		private Duration lockWaitTimeout = DEFAULT_LOCK_WAIT_TIMEOUT;

		private @Nullable Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

		private @Nullable Duration statementTimeout;

		private int lockRetries = DEFAULT_LOCK_RETRIES;

		private boolean validateOnMigrate = DEFAULT_VALIDATE_ON_MIGRATE;

		private boolean outOfOrder = DEFAULT_OUT_OF_ORDER;

		private boolean ignoreMissing = DEFAULT_IGNORE_MISSING;

		private boolean cleanupInvalidIndexes = DEFAULT_CLEANUP_INVALID_INDEXES;

		private @Nullable MigrationVersion target;

		private @Nullable String installedBy;

		private String applicationName = DEFAULT_APPLICATION_NAME;

		private Duration slowThreshold = DEFAULT_SLOW_THRESHOLD;

		private Charset encoding = StandardCharsets.UTF_8;

		private List<JavaMigration> javaMigrations = new ArrayList<>();

		private List<MigrationListener> listeners = new ArrayList<>();

		private @Nullable ResourceLoader resourceLoader;

		private LintMode lint = DEFAULT_LINT_MODE;

		private PreflightConfig.Builder preflight = PreflightConfig.builder();

		private Builder() {
		}

		/**
		 * Where to look: {@code classpath:db/migration}, {@code filesystem:/opt/sql}; a
		 * {@code {vendor}} placeholder becomes the database vendor ({@code postgresql}, {@code h2}).
		 */
		public Builder locations(List<String> locations) {
			this.locations = new ArrayList<>(locations);
			return this;
		}

		public Builder locations(String... locations) {
			return locations(List.of(locations));
		}

		public Builder table(String table) {
			this.table = table;
			return this;
		}

		public Builder lockTable(String lockTable) {
			this.lockTable = lockTable;
			return this;
		}

		/**
		 * Schema of the history and lock tables; {@code null} means the connection's current schema.
		 */
		public Builder schema(@Nullable String schema) {
			this.schema = schema;
			return this;
		}

		public Builder lockLease(Duration lockLease) {
			this.lockLease = lockLease;
			return this;
		}

		/**
		 * How often the lease is renewed; {@code null} means a third of the lease.
		 */
		public Builder lockHeartbeat(@Nullable Duration lockHeartbeat) {
			this.lockHeartbeat = lockHeartbeat;
			return this;
		}

		public Builder lockWaitTimeout(Duration lockWaitTimeout) {
			this.lockWaitTimeout = lockWaitTimeout;
			return this;
		}

		/**
		 * Database lock timeout for each migration's statements ({@code lock_timeout}); {@code null}
		 * leaves the server's setting, zero disables it.
		 */
		public Builder lockTimeout(@Nullable Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
			return this;
		}

		/**
		 * Statement timeout for each migration's statements; {@code null} leaves the server's
		 * setting.
		 */
		public Builder statementTimeout(@Nullable Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
			return this;
		}

		/**
		 * How often a transactional migration is retried after a lock timeout.
		 */
		public Builder lockRetries(int lockRetries) {
			this.lockRetries = lockRetries;
			return this;
		}

		/**
		 * Drop INVALID indexes of the target schema ({@code DROP INDEX CONCURRENTLY}) before
		 * pending migrations run, instead of failing the run; off by default.
		 */
		public Builder cleanupInvalidIndexes(boolean cleanupInvalidIndexes) {
			this.cleanupInvalidIndexes = cleanupInvalidIndexes;
			return this;
		}

		public Builder validateOnMigrate(boolean validateOnMigrate) {
			this.validateOnMigrate = validateOnMigrate;
			return this;
		}

		public Builder outOfOrder(boolean outOfOrder) {
			this.outOfOrder = outOfOrder;
			return this;
		}

		public Builder ignoreMissing(boolean ignoreMissing) {
			this.ignoreMissing = ignoreMissing;
			return this;
		}

		/**
		 * Migrate up to and including this version; {@code null} for all.
		 */
		public Builder target(@Nullable MigrationVersion target) {
			this.target = target;
			return this;
		}

		public Builder installedBy(@Nullable String installedBy) {
			this.installedBy = installedBy;
			return this;
		}

		public Builder applicationName(String applicationName) {
			this.applicationName = applicationName;
			return this;
		}

		/**
		 * How long a migration may run before a WARN and a
		 * {@link MigrationListener#migrationSlow} event (repeated each time the time doubles).
		 */
		public Builder slowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
			return this;
		}

		public Builder encoding(Charset encoding) {
			this.encoding = encoding;
			return this;
		}

		public Builder javaMigrations(List<? extends JavaMigration> javaMigrations) {
			this.javaMigrations = new ArrayList<>(javaMigrations);
			return this;
		}

		public Builder javaMigration(JavaMigration javaMigration) {
			this.javaMigrations.add(javaMigration);
			return this;
		}

		public Builder listeners(List<? extends MigrationListener> listeners) {
			this.listeners = new ArrayList<>(listeners);
			return this;
		}

		public Builder listener(MigrationListener listener) {
			this.listeners.add(listener);
			return this;
		}

		public Builder resourceLoader(@Nullable ResourceLoader resourceLoader) {
			this.resourceLoader = resourceLoader;
			return this;
		}

		/**
		 * What a migrate run does with the linter's findings on pending migrations (PostgreSQL
		 * only): log them, stop the run on errors and warnings, or skip linting.
		 */
		public Builder lint(LintMode lint) {
			this.lint = Objects.requireNonNull(lint, "lint");
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
			Objects.requireNonNull(this.locations, "locations");
			require(!this.locations.isEmpty(), "locations must not be empty");
			for (String location : this.locations) {
				require(location != null && !location.isBlank(), "locations must not contain blank entries");
			}
			// The history table's name also names its audit and backfill tables: the longest must fit.
			requireIdentifier("table", this.table, MAX_IDENTIFIER_LENGTH - DERIVED_SUFFIX_LENGTH);
			requireIdentifier("lock-table", this.lockTable, MAX_IDENTIFIER_LENGTH);
			require(!this.table.equalsIgnoreCase(this.lockTable), "table and lock-table must differ");
			if (this.schema != null) {
				requireIdentifier("schema", this.schema, MAX_IDENTIFIER_LENGTH);
			}
			requirePositive("lock lease", this.lockLease);
			requirePositive("lock wait timeout", this.lockWaitTimeout);
			require(this.lockLease.toMillis() >= 100, "lock lease must be at least 100ms, was " + this.lockLease);
			if (this.lockHeartbeat != null) {
				requirePositive("lock heartbeat", this.lockHeartbeat);
				require(this.lockHeartbeat.compareTo(this.lockLease.dividedBy(2)) <= 0,
						"lock heartbeat (" + this.lockHeartbeat + ") must be at most half the lease (" + this.lockLease
								+ ") so that one missed renewal does not lose the lock");
			}
			if (this.lockTimeout != null) {
				require(!this.lockTimeout.isNegative(), "lock timeout must not be negative, was " + this.lockTimeout);
			}
			if (this.statementTimeout != null) {
				requirePositive("statement timeout", this.statementTimeout);
			}
			requirePositive("slow threshold", this.slowThreshold);
			require(this.lockRetries >= 0, "lock retries must not be negative, was " + this.lockRetries);
			require(this.applicationName != null && !this.applicationName.isBlank(),
					"application name must not be blank");
			return new MigratorConfig(this);
		}

		private static void requireIdentifier(String what, @Nullable String value, int maxLength) {
			require(value != null && IDENTIFIER.matcher(value).matches(), what + " '" + value
					+ "' is not a plain SQL identifier (letters, digits, _ and $, not starting with a digit)");
			// PostgreSQL silently truncates longer names, so the table created would not be the
			// one looked up afterwards.
			require(value.length() <= maxLength, what + " '" + value + "' is longer than " + maxLength
					+ " characters (" + value.length() + ")");
		}

		private static void requirePositive(String what, @Nullable Duration value) {
			require(value != null && !value.isNegative() && !value.isZero(),
					what + " must be positive, was " + value);
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException("Invalid migrations configuration: " + message);
			}
		}

	}

}
