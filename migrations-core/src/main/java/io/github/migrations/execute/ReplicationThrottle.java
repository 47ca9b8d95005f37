package io.github.migrations.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationListener;
import io.github.migrations.ReplicationPause;
import io.github.migrations.preflight.DatabaseActivity;
import io.github.migrations.preflight.DatabaseActivity.Replication;
import io.github.migrations.preflight.DatabaseActivity.Standby;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a migration back while a standby is too far behind, between two units of work that
 * each committed (a backfill's batches):
 * <ol>
 * <li>reads the standbys from the primary (one query; at most every {@link #RECHECK} while they
 * were fine, every {@link #RECHECK_WITHOUT_STANDBYS} while there were none, so small batches do
 * not pay it each time);</li>
 * <li>a standby's lag is the larger of the replay lag it reports and what this throttle measures
 * itself: it remembers the primary's WAL position at each reading, and a standby that has not
 * replayed the WAL the primary had at a reading is at least that reading's age behind. The
 * reported lag alone would not do: PostgreSQL stops updating it while a standby's replay is
 * stuck (paused, or a conflict with a query on it), exactly when it matters;</li>
 * <li>while the furthest-behind standby is over the maximum it sleeps and reads again; the pause
 * is logged when it begins and ends, and reported to the listeners when it ends.</li>
 * </ol>
 * A standby the migration user may not see (no {@code pg_monitor}) cannot hold it back; the
 * replication pre-flight check says so.
 */
final class ReplicationThrottle {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationThrottle.class);

	/** How long a reading that found every standby close enough stands. */
	static final Duration RECHECK = Duration.ofMillis(200);

	/** How long a reading that found no standby stands: a single server pays one query per interval. */
	static final Duration RECHECK_WITHOUT_STANDBYS = Duration.ofSeconds(2);

	private static final int MAX_SAMPLES = 10_000;

	private final Connection connection;

	private final DatabaseActivity activity;

	private final Duration maxLag;

	private final MigrationDescriptor migration;

	private final MigrationListener listener;

	/** {nanoTime, WAL position} of each reading, oldest first. */
	private final Deque<long[]> samples = new ArrayDeque<>();

	private long fineUntil;

	ReplicationThrottle(Connection connection, DatabaseActivity activity, Duration maxLag,
			MigrationDescriptor migration, MigrationListener listener) {
		this.connection = connection;
		this.activity = activity;
		this.maxLag = maxLag;
		this.migration = migration;
		this.listener = listener;
	}

	/**
	 * Returns once no standby is further behind than the maximum.
	 * @param backfill the backfill that waits, or {@code null}
	 * @return how long it waited
	 */
	Duration await(@Nullable String backfill) throws SQLException {
		long now = System.nanoTime();
		if (now - this.fineUntil < 0) {
			return Duration.ZERO;
		}
		long started = now;
		Behind first = null;
		while (true) {
			Behind behind = furthest();
			if (behind == null || behind.lag().compareTo(this.maxLag) <= 0) {
				this.fineUntil = System.nanoTime() + ((behind != null) ? RECHECK : RECHECK_WITHOUT_STANDBYS).toNanos();
				if (first == null) {
					return Duration.ZERO;
				}
				Duration paused = Duration.ofNanos(System.nanoTime() - started);
				logger.info("{} of migration {} resumes after pausing {} ms for standby {} (now {} ms behind)",
						what(backfill), this.migration.version(), paused.toMillis(), first.standby(),
						(behind != null) ? behind.lag().toMillis() : 0);
				this.listener.replicationPaused(this.migration,
						new ReplicationPause(backfill, first.standby(), first.lag(), this.maxLag, paused));
				return paused;
			}
			if (first == null) {
				first = behind;
				logger.info("{} of migration {} pauses: standby {} is {} ms behind the primary ({} bytes of WAL to "
						+ "replay), more than migrations.backfill.max-replication-lag ({} ms)", what(backfill),
						this.migration.version(), behind.standby(), behind.lag().toMillis(), behind.bytes(),
						this.maxLag.toMillis());
			}
			sleep(pollInterval());
		}
	}

	private @Nullable Behind furthest() throws SQLException {
		Replication replication = this.activity.replication(this.connection);
		if (replication == null) {
			return null;
		}
		long now = System.nanoTime();
		remember(now, replication.position());
		Behind furthest = null;
		long slowest = Long.MAX_VALUE;
		for (Standby standby : replication.standbys()) {
			if (!standby.visible()) {
				continue;
			}
			slowest = Math.min(slowest, standby.replayed());
			Duration measured = measured(now, standby.replayed());
			Duration reported = (standby.replayLag() != null) ? standby.replayLag() : Duration.ZERO;
			Duration lag = (measured.compareTo(reported) > 0) ? measured : reported;
			if (furthest == null || lag.compareTo(furthest.lag()) > 0) {
				furthest = new Behind(standby.name(), lag, standby.bytesBehind());
			}
		}
		// readings every standby has replayed tell nothing more
		while (this.samples.size() > 1 && this.samples.peekFirst()[1] <= slowest) {
			this.samples.removeFirst();
		}
		return furthest;
	}

	/** The age of the oldest reading whose WAL position the standby has not replayed. */
	private Duration measured(long now, long replayed) {
		for (long[] sample : this.samples) {
			if (sample[1] > replayed) {
				return Duration.ofNanos(now - sample[0]);
			}
		}
		return Duration.ZERO;
	}

	private void remember(long now, long position) {
		long[] last = this.samples.peekLast();
		if (last == null || last[1] != position) {
			this.samples.addLast(new long[] { now, position });
		}
		if (this.samples.size() > MAX_SAMPLES) {
			this.samples.removeFirst();
		}
	}

	private Duration pollInterval() {
		Duration quarter = this.maxLag.dividedBy(4);
		Duration floor = Duration.ofMillis(50);
		Duration ceiling = Duration.ofSeconds(1);
		return (quarter.compareTo(floor) < 0) ? floor : (quarter.compareTo(ceiling) > 0) ? ceiling : quarter;
	}

	private static String what(@Nullable String backfill) {
		return (backfill != null) ? "Backfill " + backfill : "Java migration";
	}

	private void sleep(Duration interval) {
		try {
			Thread.sleep(interval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationException("Interrupted while migration " + this.migration.version()
					+ " waited for its standbys to catch up",
					"Migrate again: what committed before the pause stays committed.", ex);
		}
	}

	private record Behind(String standby, Duration lag, long bytes) {
	}

}
