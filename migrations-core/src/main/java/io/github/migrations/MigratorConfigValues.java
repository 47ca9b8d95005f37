package io.github.migrations;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.migrations.lint.MigrationLinter;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * The values of a {@link MigratorConfig} and the rules they must follow. A
 * {@link MigratorConfig.Builder} fills one; {@link #validate()} checks it; {@link #frozen()} is
 * the copy the config keeps and never changes (lists immutable, derived defaults resolved).
 */
final class MigratorConfigValues implements Cloneable {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

	/** PostgreSQL's limit (NAMEDATALEN - 1); the names allowed are ASCII, one byte a character. */
	private static final int MAX_IDENTIFIER_LENGTH = 63;

	// the history table names its audit ("_audit") and backfill progress ("_backfill") tables
	private static final int DERIVED_SUFFIX_LENGTH = "_backfill".length();

	// what is read, and where our tables are

	List<String> locations = new ArrayList<>(MigratorConfig.DEFAULT_LOCATIONS);

	boolean failOnMissingLocations = MigratorConfig.DEFAULT_FAIL_ON_MISSING_LOCATIONS;

	Charset encoding = StandardCharsets.UTF_8;

	/** {@code null} until frozen: a {@link DefaultResourceLoader}. */
	@Nullable ResourceLoader resourceLoader;

	List<JavaMigration> javaMigrations = new ArrayList<>();

	@Nullable String schema;

	String table = MigratorConfig.DEFAULT_TABLE;

	String lockTable = MigratorConfig.DEFAULT_LOCK_TABLE;

	// the lock

	Duration lockLease = MigratorConfig.DEFAULT_LOCK_LEASE;

	/** {@code null} until frozen: a third of the lease. */
	@Nullable Duration lockHeartbeat;

	Duration lockWaitTimeout = MigratorConfig.DEFAULT_LOCK_WAIT_TIMEOUT;

	LockLiveness lockLiveness = MigratorConfig.DEFAULT_LOCK_LIVENESS;

	// what is applied, and how it is judged

	@Nullable MigrationVersion target;

	boolean validateOnMigrate = MigratorConfig.DEFAULT_VALIDATE_ON_MIGRATE;

	boolean outOfOrder = MigratorConfig.DEFAULT_OUT_OF_ORDER;

	boolean ignoreMissing = MigratorConfig.DEFAULT_IGNORE_MISSING;

	LintMode lint = MigratorConfig.DEFAULT_LINT_MODE;

	Set<String> lintRules = new LinkedHashSet<>();

	@Nullable MigrationVersion lintStartAfter;

	// each migration's session

	@Nullable Duration lockTimeout = MigratorConfig.DEFAULT_LOCK_TIMEOUT;

	@Nullable Duration statementTimeout;

	int lockRetries = MigratorConfig.DEFAULT_LOCK_RETRIES;

	boolean cleanupInvalidIndexes = MigratorConfig.DEFAULT_CLEANUP_INVALID_INDEXES;

	boolean group = MigratorConfig.DEFAULT_GROUP;

	@Nullable String installedBy;

	String applicationName = MigratorConfig.DEFAULT_APPLICATION_NAME;

	int connectRetries = MigratorConfig.DEFAULT_CONNECT_RETRIES;

	Duration connectRetriesInterval = MigratorConfig.DEFAULT_CONNECT_RETRIES_INTERVAL;

	// what a run reports to, and what runs around it

	List<MigrationListener> listeners = new ArrayList<>();

	Duration slowThreshold = MigratorConfig.DEFAULT_SLOW_THRESHOLD;

	// replicated databases (#21)

	@Nullable Duration backfillMaxReplicationLag = MigratorConfig.DEFAULT_BACKFILL_MAX_REPLICATION_LAG;

	@Nullable Duration commitTimeout = MigratorConfig.DEFAULT_COMMIT_TIMEOUT;

	List<MigrationCallback> callbacks = new ArrayList<>();

	// placeholders

	Map<String, String> placeholders = new LinkedHashMap<>();

	String placeholderPrefix = MigratorConfig.DEFAULT_PLACEHOLDER_PREFIX;

	String placeholderSuffix = MigratorConfig.DEFAULT_PLACEHOLDER_SUFFIX;

	boolean placeholderReplacement = MigratorConfig.DEFAULT_PLACEHOLDER_REPLACEMENT;

	// adoption (#14)

	boolean baselineOnMigrate = MigratorConfig.DEFAULT_BASELINE_ON_MIGRATE;

	MigrationVersion baselineVersion = MigratorConfig.DEFAULT_BASELINE_VERSION;

	HistoryImport importHistory = MigratorConfig.DEFAULT_IMPORT_HISTORY;

	String importFlywayTable = MigratorConfig.DEFAULT_IMPORT_FLYWAY_TABLE;

	/**
	 * A copy with lists of its own, for a builder.
	 */
	MigratorConfigValues copy() {
		MigratorConfigValues copy;
		try {
			// the plain values are shared; only the collections, which a builder changes, are copied
			copy = (MigratorConfigValues) super.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
		copy.locations = new ArrayList<>(this.locations);
		copy.javaMigrations = new ArrayList<>(this.javaMigrations);
		copy.listeners = new ArrayList<>(this.listeners);
		copy.placeholders = new LinkedHashMap<>(this.placeholders);
		copy.callbacks = new ArrayList<>(this.callbacks);
		copy.lintRules = new LinkedHashSet<>(this.lintRules);
		return copy;
	}

	/**
	 * The copy a config keeps: immutable lists, the heartbeat and resource loader defaults
	 * resolved.
	 */
	MigratorConfigValues frozen() {
		MigratorConfigValues frozen = copy();
		frozen.locations = List.copyOf(this.locations);
		frozen.javaMigrations = List.copyOf(this.javaMigrations);
		frozen.listeners = List.copyOf(this.listeners);
		frozen.placeholders = Collections.unmodifiableMap(new LinkedHashMap<>(this.placeholders));
		frozen.callbacks = List.copyOf(this.callbacks);
		frozen.lintRules = Collections.unmodifiableSet(new LinkedHashSet<>(this.lintRules));
		frozen.lockHeartbeat = (this.lockHeartbeat != null) ? this.lockHeartbeat : this.lockLease.dividedBy(3);
		frozen.resourceLoader = (this.resourceLoader != null) ? this.resourceLoader : new DefaultResourceLoader();
		return frozen;
	}

	/**
	 * @throws IllegalArgumentException naming the setting that is wrong
	 */
	void validate() {
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
		requireIdentifier("import-flyway-table", this.importFlywayTable, MAX_IDENTIFIER_LENGTH);
		require(!this.table.equalsIgnoreCase(this.importFlywayTable),
				"table and import-flyway-table must differ: the import never writes into the foreign table");
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
		if (this.backfillMaxReplicationLag != null) {
			requirePositive("backfill max replication lag", this.backfillMaxReplicationLag);
		}
		if (this.commitTimeout != null) {
			requirePositive("commit timeout", this.commitTimeout);
		}
		require(this.lockRetries >= 0, "lock retries must not be negative, was " + this.lockRetries);
		require(this.applicationName != null && !this.applicationName.isBlank(), "application name must not be blank");
		require(this.placeholderPrefix != null && !this.placeholderPrefix.isEmpty(),
				"placeholder-prefix must not be empty");
		require(this.placeholderSuffix != null && !this.placeholderSuffix.isEmpty(),
				"placeholder-suffix must not be empty");
		this.placeholders.forEach((name, value) -> {
			require(name != null && !name.isBlank(), "placeholders must not have a blank name");
			require(value != null, "placeholder '" + name + "' has no value");
		});
		validateBootNative();
	}

	private void validateBootNative() {
		Objects.requireNonNull(this.lintRules, "lintRules");
		// only when rules are chosen: the ids are those of every vendor's linter, and building them
		// loads every rule's class into a run that may lint nothing (a start with nothing pending)
		if (!this.lintRules.isEmpty()) {
			List<String> known = MigrationLinter.allRuleIds();
			List<String> unknown = this.lintRules.stream().filter((id) -> !known.contains(id)).toList();
			require(unknown.isEmpty(),
					"lint rules " + unknown + " are unknown; the rules are " + String.join(", ", known));
		}
		require(this.connectRetries >= 0, "connect retries must not be negative, was " + this.connectRetries);
		requirePositive("connect retries interval", this.connectRetriesInterval);
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
		require(value != null && !value.isNegative() && !value.isZero(), what + " must be positive, was " + value);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("Invalid migrations configuration: " + message);
		}
	}

	/**
	 * The effective configuration, for the run's INFO line.
	 */
	@Override
	public String toString() {
		return "locations=" + this.locations + ", table=" + qualify(this.table) + ", lockTable="
				+ qualify(this.lockTable) + ", lease=" + this.lockLease + ", waitTimeout=" + this.lockWaitTimeout
				+ ((this.lockLiveness != MigratorConfig.DEFAULT_LOCK_LIVENESS) ? ", liveness=" + this.lockLiveness : "")
				+ ", validateOnMigrate=" + this.validateOnMigrate + ", outOfOrder=" + this.outOfOrder
				+ ((this.target != null) ? ", target=" + this.target : "")
				+ ((this.lockTimeout != null) ? ", lockTimeout=" + this.lockTimeout : "")
				+ ((this.statementTimeout != null) ? ", statementTimeout=" + this.statementTimeout : "")
				+ (this.lintRules.isEmpty() ? "" : ", lintRules=" + this.lintRules)
				+ ((this.lintStartAfter != null) ? ", lintStartAfter=" + this.lintStartAfter : "")
				+ ((this.connectRetries > 0) ? ", connectRetries=" + this.connectRetries : "")
				+ ((this.importHistory != MigratorConfig.DEFAULT_IMPORT_HISTORY) ? ", importHistory=" + this.importHistory : "")
				+ (this.baselineOnMigrate ? ", baselineOnMigrate at " + this.baselineVersion : "")
				+ (!Objects.equals(this.commitTimeout, MigratorConfig.DEFAULT_COMMIT_TIMEOUT)
						? ", commitTimeout=" + this.commitTimeout : "")
				+ (!Objects.equals(this.backfillMaxReplicationLag, MigratorConfig.DEFAULT_BACKFILL_MAX_REPLICATION_LAG)
						? ", backfillMaxReplicationLag=" + this.backfillMaxReplicationLag : "")
				+ (this.group ? ", group" : "");
	}

	private String qualify(String name) {
		return (this.schema != null) ? this.schema + "." + name : name;
	}

}
