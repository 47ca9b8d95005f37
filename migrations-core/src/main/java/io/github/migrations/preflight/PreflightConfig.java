package io.github.migrations.preflight;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Immutable settings of the pre-flight checks, part of a
 * {@link io.github.migrations.MigratorConfig}; built and validated by {@link #builder()}. The
 * {@code DEFAULT_*} constants are the defaults everywhere.
 */
public final class PreflightConfig {

	/** Whether the checks run before a migrate run that has pending migrations. */
	public static final boolean DEFAULT_ENABLED = true;

	/**
	 * How long a session holding (or waiting for) a lock on a table the pending migrations touch
	 * may sit idle in its transaction before it blocks the run: such a session holds its locks
	 * until its client acts, so a migration would only time out behind it.
	 */
	public static final Duration DEFAULT_IDLE_IN_TRANSACTION_THRESHOLD = Duration.ofSeconds(5);

	/**
	 * How long the transaction of a session holding (or waiting for) a lock on such a table may
	 * have run before it blocks the run.
	 */
	public static final Duration DEFAULT_LONG_RUNNING_THRESHOLD = Duration.ofMinutes(1);

	/** Size (indexes and TOAST included) over which a touched table gives a warning. */
	public static final DataSize DEFAULT_TABLE_SIZE_THRESHOLD = DataSize.ofGigabytes(1);

	/** How many sessions may be running a statement before a warning. */
	public static final int DEFAULT_ACTIVE_CONNECTIONS_THRESHOLD = 50;

	/** What a run outside the maintenance window gets. */
	public static final PreflightStatus DEFAULT_OUTSIDE_WINDOW = PreflightStatus.BLOCKING;

	/** Replay lag of a standby over which a run gets a warning. */
	public static final Duration DEFAULT_REPLICATION_LAG_WARNING = Duration.ofSeconds(30);

	/** Replay lag of a standby over which a run is blocked. */
	public static final Duration DEFAULT_REPLICATION_LAG_BLOCKING = Duration.ofMinutes(5);

	/** WAL a standby has not replayed over which a run gets a warning. */
	public static final DataSize DEFAULT_REPLICATION_BYTES_WARNING = DataSize.ofMegabytes(256);

	/** WAL a standby has not replayed over which a run is blocked. */
	public static final DataSize DEFAULT_REPLICATION_BYTES_BLOCKING = DataSize.ofGigabytes(4);

	/** Statement and lock timeout of each check's queries. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private static final Pattern CHECK_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	/** Ids of the built-in checks. */
	static final Set<String> BUILT_IN = Set.of(BlockingSessionsCheck.ID, TableSizeCheck.ID,
			ActiveConnectionsCheck.ID, ReplicationCheck.ID, MaintenanceWindowCheck.ID);

	/** The settings, in a builder of their own that nothing changes (collections immutable). */
	private final Builder settings;

	private PreflightConfig(Builder builder) {
		this.settings = new Builder(builder, true);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder pre-filled with these settings.
	 */
	public Builder toBuilder() {
		return new Builder(this.settings, false);
	}

	public boolean isEnabled() {
		return this.settings.enabled;
	}

	public Duration getIdleInTransactionThreshold() {
		return this.settings.idleInTransactionThreshold;
	}

	public Duration getLongRunningThreshold() {
		return this.settings.longRunningThreshold;
	}

	public DataSize getTableSizeThreshold() {
		return this.settings.tableSizeThreshold;
	}

	public int getActiveConnectionsThreshold() {
		return this.settings.activeConnectionsThreshold;
	}

	public Duration getReplicationLagWarning() {
		return this.settings.replicationLagWarning;
	}

	public Duration getReplicationLagBlocking() {
		return this.settings.replicationLagBlocking;
	}

	public DataSize getReplicationBytesWarning() {
		return this.settings.replicationBytesWarning;
	}

	public DataSize getReplicationBytesBlocking() {
		return this.settings.replicationBytesBlocking;
	}

	/**
	 * The window migrations may run in; {@code null}: any time.
	 */
	public @Nullable MaintenanceWindow getMaintenanceWindow() {
		return this.settings.maintenanceWindow;
	}

	/**
	 * {@link PreflightStatus#BLOCKING} or {@link PreflightStatus#WARNING}: what a run outside the
	 * maintenance window gets.
	 */
	public PreflightStatus getOutsideWindow() {
		return this.settings.outsideWindow;
	}

	public Duration getTimeout() {
		return this.settings.timeout;
	}

	/**
	 * Ids of the checks not to run.
	 */
	public Set<String> getSkipChecks() {
		return this.settings.skipChecks;
	}

	/**
	 * The application's checks, run after the built-in ones.
	 */
	public List<PreflightCheck> getChecks() {
		return this.settings.checks;
	}

	/**
	 * The clock the maintenance window is read from.
	 */
	public Clock getClock() {
		return this.settings.clock;
	}

	@Override
	public String toString() {
		Builder settings = this.settings;
		return "enabled=" + settings.enabled + ", idleInTransactionThreshold=" + settings.idleInTransactionThreshold
				+ ", longRunningThreshold=" + settings.longRunningThreshold + ", tableSizeThreshold="
				+ settings.tableSizeThreshold + ", activeConnectionsThreshold=" + settings.activeConnectionsThreshold
				+ ((settings.maintenanceWindow != null)
						? ", maintenanceWindow=" + settings.maintenanceWindow + " (outside: " + settings.outsideWindow + ")"
						: "")
				+ ((!settings.skipChecks.isEmpty()) ? ", skipChecks=" + settings.skipChecks : "");
	}

	/**
	 * Builds a {@link PreflightConfig}; {@link #build()} validates.
	 */
	public static final class Builder {

		private boolean enabled = DEFAULT_ENABLED;

		private Duration idleInTransactionThreshold = DEFAULT_IDLE_IN_TRANSACTION_THRESHOLD;

		private Duration longRunningThreshold = DEFAULT_LONG_RUNNING_THRESHOLD;

		private DataSize tableSizeThreshold = DEFAULT_TABLE_SIZE_THRESHOLD;

		private int activeConnectionsThreshold = DEFAULT_ACTIVE_CONNECTIONS_THRESHOLD;

		private Duration replicationLagWarning = DEFAULT_REPLICATION_LAG_WARNING;

		private Duration replicationLagBlocking = DEFAULT_REPLICATION_LAG_BLOCKING;

		private DataSize replicationBytesWarning = DEFAULT_REPLICATION_BYTES_WARNING;

		private DataSize replicationBytesBlocking = DEFAULT_REPLICATION_BYTES_BLOCKING;

		private @Nullable MaintenanceWindow maintenanceWindow;

		private PreflightStatus outsideWindow = DEFAULT_OUTSIDE_WINDOW;

		private Duration timeout = DEFAULT_TIMEOUT;

		private Set<String> skipChecks = new LinkedHashSet<>();

		private List<PreflightCheck> checks = new ArrayList<>();

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * A copy of another builder's settings, with collections of its own: immutable for a
		 * config, mutable for a builder.
		 */
		private Builder(Builder other, boolean frozen) {
			this.enabled = other.enabled;
			this.idleInTransactionThreshold = other.idleInTransactionThreshold;
			this.longRunningThreshold = other.longRunningThreshold;
			this.tableSizeThreshold = other.tableSizeThreshold;
			this.activeConnectionsThreshold = other.activeConnectionsThreshold;
			this.replicationLagWarning = other.replicationLagWarning;
			this.replicationLagBlocking = other.replicationLagBlocking;
			this.replicationBytesWarning = other.replicationBytesWarning;
			this.replicationBytesBlocking = other.replicationBytesBlocking;
			this.maintenanceWindow = other.maintenanceWindow;
			this.outsideWindow = other.outsideWindow;
			this.timeout = other.timeout;
			this.skipChecks = frozen ? Set.copyOf(other.skipChecks) : new LinkedHashSet<>(other.skipChecks);
			this.checks = frozen ? List.copyOf(other.checks) : new ArrayList<>(other.checks);
			this.clock = other.clock;
		}

		/**
		 * Whether the checks run at all.
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		public Builder idleInTransactionThreshold(Duration idleInTransactionThreshold) {
			this.idleInTransactionThreshold = idleInTransactionThreshold;
			return this;
		}

		public Builder longRunningThreshold(Duration longRunningThreshold) {
			this.longRunningThreshold = longRunningThreshold;
			return this;
		}

		public Builder tableSizeThreshold(DataSize tableSizeThreshold) {
			this.tableSizeThreshold = tableSizeThreshold;
			return this;
		}

		public Builder activeConnectionsThreshold(int activeConnectionsThreshold) {
			this.activeConnectionsThreshold = activeConnectionsThreshold;
			return this;
		}

		/**
		 * A standby's replay lag over which a run gets a warning (default 30 seconds).
		 */
		public Builder replicationLagWarning(Duration replicationLagWarning) {
			this.replicationLagWarning = replicationLagWarning;
			return this;
		}

		/**
		 * A standby's replay lag over which a run is blocked (default 5 minutes).
		 */
		public Builder replicationLagBlocking(Duration replicationLagBlocking) {
			this.replicationLagBlocking = replicationLagBlocking;
			return this;
		}

		/**
		 * WAL a standby has yet to replay over which a run gets a warning (default 256 MB).
		 */
		public Builder replicationBytesWarning(DataSize replicationBytesWarning) {
			this.replicationBytesWarning = replicationBytesWarning;
			return this;
		}

		/**
		 * WAL a standby has yet to replay over which a run is blocked (default 4 GB).
		 */
		public Builder replicationBytesBlocking(DataSize replicationBytesBlocking) {
			this.replicationBytesBlocking = replicationBytesBlocking;
			return this;
		}

		/**
		 * The window migrations may run in; {@code null} (the default) for any time.
		 */
		public Builder maintenanceWindow(@Nullable MaintenanceWindow maintenanceWindow) {
			this.maintenanceWindow = maintenanceWindow;
			return this;
		}

		/**
		 * What a run outside the maintenance window gets: {@link PreflightStatus#BLOCKING} (the
		 * default) or {@link PreflightStatus#WARNING}.
		 */
		public Builder outsideWindow(PreflightStatus outsideWindow) {
			this.outsideWindow = outsideWindow;
			return this;
		}

		/**
		 * Statement and lock timeout of each check's queries (PostgreSQL).
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Ids of checks not to run (built-in or the application's); each is reported as skipped.
		 */
		public Builder skipChecks(Set<String> skipChecks) {
			this.skipChecks = new LinkedHashSet<>(skipChecks);
			return this;
		}

		/**
		 * The application's checks, run after the built-in ones in this order.
		 */
		public Builder checks(List<? extends PreflightCheck> checks) {
			this.checks = new ArrayList<>(checks);
			return this;
		}

		public Builder check(PreflightCheck check) {
			this.checks.add(check);
			return this;
		}

		/**
		 * The clock the maintenance window is read from (a fixed one in tests).
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Validates and builds.
		 * @throws IllegalArgumentException naming the setting that is wrong
		 */
		public PreflightConfig build() {
			requireNotNegative("preflight idle-in-transaction threshold", this.idleInTransactionThreshold);
			requireNotNegative("preflight long-running threshold", this.longRunningThreshold);
			requirePositive("preflight timeout", this.timeout);
			requireNotNegative("preflight replication-lag-warning", this.replicationLagWarning);
			requireNotNegative("preflight replication-lag-blocking", this.replicationLagBlocking);
			require(this.replicationBytesWarning != null && !this.replicationBytesWarning.isNegative(),
					"preflight replication-bytes-warning must not be negative, was " + this.replicationBytesWarning);
			require(this.replicationBytesBlocking != null && !this.replicationBytesBlocking.isNegative(),
					"preflight replication-bytes-blocking must not be negative, was " + this.replicationBytesBlocking);
			require(this.tableSizeThreshold != null && !this.tableSizeThreshold.isNegative(),
					"preflight table size threshold must not be negative, was " + this.tableSizeThreshold);
			require(this.activeConnectionsThreshold >= 0,
					"preflight active connections threshold must not be negative, was "
							+ this.activeConnectionsThreshold);
			require(this.outsideWindow == PreflightStatus.BLOCKING || this.outsideWindow == PreflightStatus.WARNING,
					"preflight outside-window must be BLOCKING or WARNING, was " + this.outsideWindow);
			Set<String> ids = new HashSet<>(BUILT_IN);
			for (PreflightCheck check : this.checks) {
				String id = check.id();
				require(id != null && CHECK_ID.matcher(id).matches(), "preflight check " + check.getClass().getName()
						+ " has the id '" + id + "'; use lower-case words joined by dashes");
				require(ids.add(id), "two preflight checks have the id '" + id + "' (" + check.getClass().getName()
						+ "); give each its own");
			}
			for (String skipped : this.skipChecks) {
				require(ids.contains(skipped), "preflight skip-checks names the unknown check '" + skipped
						+ "'; known checks: " + String.join(", ", ids.stream().sorted().toList()));
			}
			return new PreflightConfig(this);
		}

		private static void requireNotNegative(String what, @Nullable Duration value) {
			require(value != null && !value.isNegative(), what + " must not be negative, was " + value);
		}

		private static void requirePositive(String what, @Nullable Duration value) {
			require(value != null && !value.isNegative() && !value.isZero(), what + " must be positive, was " + value);
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException("Invalid migrations configuration: " + message);
			}
		}

	}

}
