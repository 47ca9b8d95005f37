package io.github.migrations.preflight;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.migrations.preflight.DatabaseActivity.InactiveSlot;
import io.github.migrations.preflight.DatabaseActivity.Replication;
import io.github.migrations.preflight.DatabaseActivity.Standby;

/**
 * The primary's standbys and replication slots, read from the primary
 * ({@code pg_stat_replication}, {@code pg_replication_slots}):
 * <ol>
 * <li>{@code synchronous_standby_names} set while no synchronous standby is connected:
 * {@link PreflightStatus#BLOCKING}, since every migration's commit would wait until one is;</li>
 * <li>a standby further behind than the thresholds (its replay lag, or the WAL it has not
 * replayed: the lag PostgreSQL reports stops growing while a standby's replay is stuck, the bytes
 * do not): a warning or, over the blocking thresholds, {@link PreflightStatus#BLOCKING} (a
 * migration adds WAL to what the standby has yet to replay, and its reads are stale until
 * then);</li>
 * <li>a standby whose progress the migration user may not see: a warning naming the role to
 * grant;</li>
 * <li>each inactive replication slot that keeps WAL: a warning (the primary keeps the WAL until
 * the slot's client returns, or its disk fills).</li>
 * </ol>
 * The body of an {@link ActivityCheck}.
 */
final class ReplicationCheck {

	static final String ID = "replication";

	private ReplicationCheck() {
	}

	static List<PreflightResult> check(PreflightContext context, DatabaseActivity activity) throws SQLException {
		Replication replication = activity.replication(context.connection());
		if (replication == null) {
			return List.of(PreflightResult.skipped(ID, "The database does not say which standbys follow it"));
		}
		PreflightConfig settings = context.settings();
		List<PreflightResult> results = new ArrayList<>();
		String synchronousNames = replication.synchronousStandbyNames().trim();
		if (!synchronousNames.isEmpty() && replication.standbys().stream().noneMatch(Standby::synchronous)) {
			results.add(PreflightResult.blocking(ID, ("synchronous_standby_names is '%s' but no synchronous standby "
					+ "is connected (%s): every commit waits until one is, so the first migration would hang at its "
					+ "commit. Bring the standby back, or (accepting that commits are then not confirmed by a "
					+ "standby) clear the setting: ALTER SYSTEM SET synchronous_standby_names = ''; "
					+ "SELECT pg_reload_conf();").formatted(synchronousNames, connected(replication)),
					PreflightResult.details("synchronousStandbyNames", synchronousNames, "connected",
							connected(replication))));
		}
		for (Standby standby : replication.standbys()) {
			if (!standby.visible()) {
				results.add(PreflightResult.warning(ID, ("Standby %s is connected but the migration user may not see "
						+ "how far behind it is: GRANT pg_monitor (or pg_read_all_stats) TO the migration user, so "
						+ "that its lag is checked before a run and backfills pause for it.").formatted(standby.name()),
						PreflightResult.details("standby", standby.name())));
				continue;
			}
			PreflightResult behind = behind(standby, settings);
			if (behind != null) {
				results.add(behind);
			}
		}
		for (InactiveSlot slot : activity.inactiveSlots(context.connection())) {
			results.add(PreflightResult.warning(ID, ("Replication slot %s (%s) is not used by any client and keeps "
					+ "%s of WAL on the primary, more with every migration: its standby or consumer is gone or "
					+ "down. Bring it back, or drop the slot if it is gone for good: "
					+ "SELECT pg_drop_replication_slot('%s');").formatted(slot.name(), slot.type(),
							TableSizeCheck.pretty(slot.retainedBytes()), slot.name()),
					PreflightResult.details("slot", slot.name(), "type", slot.type(), "retainedBytes",
							String.valueOf(slot.retainedBytes()))));
		}
		if (results.isEmpty()) {
			results.add(PreflightResult.passed(ID, summary(replication)));
		}
		return results;
	}

	private static PreflightResult behind(Standby standby, PreflightConfig settings) {
		Duration lag = (standby.replayLag() != null) ? standby.replayLag() : Duration.ZERO;
		long bytes = standby.bytesBehind();
		boolean blocking = over(lag, settings.getReplicationLagBlocking())
				|| bytes > settings.getReplicationBytesBlocking().toBytes();
		boolean warning = over(lag, settings.getReplicationLagWarning())
				|| bytes > settings.getReplicationBytesWarning().toBytes();
		if (!blocking && !warning) {
			return null;
		}
		String message = ("Standby %s (%s, %s) is %s behind (replay lag %s): a migration adds WAL it has yet to "
				+ "replay, and reads on it are stale until it has. %s").formatted(standby.name(), standby.state(),
						standby.syncState(), TableSizeCheck.pretty(bytes), describe(standby.replayLag()),
						blocking ? "Wait until it catches up (or find what holds its replay back: a paused replay, "
								+ "a long query on it, its disk) and run again; the thresholds are "
								+ "migrations.preflight.replication-lag-blocking and replication-bytes-blocking."
								: "Expect the standby to fall further behind while the migration runs.");
		var details = PreflightResult.details("standby", standby.name(), "bytesBehind", String.valueOf(bytes),
				"replayLagMillis", (standby.replayLag() != null) ? String.valueOf(standby.replayLag().toMillis()) : "",
				"syncState", String.valueOf(standby.syncState()));
		return blocking ? PreflightResult.blocking(ID, message, details) : PreflightResult.warning(ID, message, details);
	}

	private static boolean over(Duration lag, Duration threshold) {
		return lag.compareTo(threshold) > 0;
	}

	private static String summary(Replication replication) {
		if (replication.standbys().isEmpty()) {
			return "No standby is connected";
		}
		Standby furthest = replication.standbys()
			.stream()
			.max(Comparator.comparingLong(Standby::bytesBehind))
			.orElseThrow();
		return replication.standbys().size() + " standby" + ((replication.standbys().size() == 1) ? "" : "s")
				+ " connected; the furthest behind, " + furthest.name() + ", is "
				+ TableSizeCheck.pretty(Math.max(0, furthest.bytesBehind())) + " behind (replay lag "
				+ describe(furthest.replayLag()) + ")";
	}

	private static String connected(Replication replication) {
		if (replication.standbys().isEmpty()) {
			return "none";
		}
		return String.join(", ", replication.standbys().stream().map((s) -> s.name() + " " + s.syncState()).toList());
	}

	private static String describe(Duration lag) {
		return (lag != null) ? lag.toMillis() + " ms" : "none reported";
	}

}
