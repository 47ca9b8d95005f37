package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.migrations.LockInfo;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationStatus;
import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * {@code status}: every migration and its state, as a table or as JSON in the shape of
 * {@code GET /actuator/migrations} (the endpoint's {@code MigrationsDescriptor}: the same field
 * names and values; {@code lastRun} is derived from the history, {@code preflight} is
 * {@code null} since the command runs no pre-flight checks, and {@code page} says that every
 * migration is listed, as the endpoint's {@code ?limit=all}).
 */
public final class StatusCommand {

	/** Output formats. */
	public enum Format {

		/** An aligned table, one migration a line, then the counts. */
		TABLE,

		/** The endpoint's JSON. */
		JSON

	}

	// the endpoint's APPLIED_STATES: a history row that says the migration ran successfully
	private static final Set<MigrationState> APPLIED_STATES = EnumSet.of(MigrationState.APPLIED, MigrationState.FUTURE,
			MigrationState.MISSING, MigrationState.CHECKSUM_MISMATCH, MigrationState.BASELINE,
			MigrationState.REPEATABLE, MigrationState.OUTDATED);

	private StatusCommand() {
	}

	/**
	 * Prints the status.
	 * @return {@link ExitCode#OK}, or {@link ExitCode#FAILURE} when a migration is FAILED
	 */
	public static int run(CommandConfiguration configuration, Format format, PrintStream out) {
		MigrationStatus status = configuration.migrator(List.of()).status();
		if (format == Format.JSON) {
			out.print(Json.write(describe(status)));
		}
		else {
			out.print(table(status));
		}
		boolean failed = status.migrations().stream().anyMatch((m) -> m.state() == MigrationState.FAILED);
		return failed ? ExitCode.FAILURE : ExitCode.OK;
	}

	static String table(MigrationStatus status) {
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "Version", "Name", "Kind", "State", "Batch", "Executed at", "Reversible" });
		for (MigrationInfo migration : status.migrations()) {
			rows.add(new String[] { Objects.toString(migration.version(), ""), migration.name(),
					migration.kind().name(), migration.state().name(),
					(migration.batch() > 0) ? String.valueOf(migration.batch()) : "",
					Objects.toString(instant(migration.executedAt()), ""), migration.reversible() ? "yes" : "no" });
		}
		int[] widths = new int[rows.get(0).length];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder table = new StringBuilder();
		table.append(status.database()).append(", schema ").append(status.schema()).append(", current version ")
			.append(Objects.toString(status.currentVersion(), "none")).append('\n');
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				line.append(String.format("%-" + widths[i] + "s", row[i])).append((i < row.length - 1) ? "  " : "");
			}
			table.append(line.toString().stripTrailing()).append('\n');
		}
		Map<MigrationState, Long> counts = new EnumMap<>(MigrationState.class);
		counts.putAll(status.counts());
		table.append(status.migrations().size()).append(" migrations, ").append(status.pending().size())
			.append(" pending");
		counts.forEach((state, count) -> table.append(", ").append(count).append(' ').append(state));
		return table.append('\n').toString();
	}

	static Map<String, Object> describe(MigrationStatus status) {
		Map<String, Object> counts = new LinkedHashMap<>();
		for (MigrationState state : MigrationState.values()) {
			counts.put(state.name(), status.counts().getOrDefault(state, 0L));
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("database", status.database());
		json.put("schema", status.schema());
		json.put("currentVersion", text(status.currentVersion()));
		json.put("counts", counts);
		json.put("pending", status.pending().size());
		json.put("lock", lock(status.lock()));
		json.put("lastRun", lastRun(status.migrations()));
		json.put("migrations", status.migrations().stream().map(StatusCommand::migration).toList());
		json.put("preflight", null);
		// the command lists every migration: the endpoint's answer to ?limit=all
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("states", null);
		page.put("matching", status.migrations().size());
		page.put("limit", null);
		page.put("after", null);
		page.put("next", null);
		json.put("page", page);
		json.put("instances", Map.of());
		return json;
	}

	private static Map<String, Object> migration(MigrationInfo info) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("version", text(info.version()));
		json.put("name", info.name());
		json.put("kind", info.kind().name());
		json.put("state", info.state().name());
		json.put("script", info.script());
		json.put("checksum", info.checksum());
		json.put("executedAt", instant(info.executedAt()));
		json.put("executionTimeMs", (info.executionTime() != null) ? info.executionTime().toMillis() : null);
		json.put("batch", info.batch());
		json.put("installedBy", info.installedBy());
		json.put("reversible", info.reversible());
		return json;
	}

	private static Map<String, Object> lock(@Nullable LockInfo lock) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("held", lock != null && lock.held());
		json.put("holder", (lock != null) ? lock.holder() : null);
		json.put("since", (lock != null) ? instant(lock.lockedAt()) : null);
		json.put("leaseExpiresAt", (lock != null) ? instant(lock.leaseExpiresAt()) : null);
		json.put("fence", (lock != null) ? lock.fence() : 0L);
		return json;
	}

	// as the endpoint's LastRunDescriptor.fromHistory: the newest batch of the history
	private static @Nullable Map<String, Object> lastRun(List<MigrationInfo> migrations) {
		int batch = migrations.stream().mapToInt(MigrationInfo::batch).max().orElse(0);
		if (batch <= 0) {
			return null;
		}
		Instant started = null;
		Instant finished = null;
		boolean failed = false;
		int applied = 0;
		for (MigrationInfo migration : migrations) {
			if (migration.batch() != batch) {
				continue;
			}
			if (migration.executedAt() != null) {
				Instant start = migration.executedAt().toInstant();
				Instant end = start.plus(Objects.requireNonNullElse(migration.executionTime(), Duration.ZERO));
				started = (started == null || start.isBefore(started)) ? start : started;
				finished = (finished == null || end.isAfter(finished)) ? end : finished;
			}
			failed |= migration.state() == MigrationState.FAILED;
			applied += APPLIED_STATES.contains(migration.state()) ? 1 : 0;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("operation", "migrate");
		json.put("source", "history");
		json.put("startedAt", Objects.toString(started, null));
		json.put("finishedAt", Objects.toString(finished, null));
		json.put("durationMs", (started != null && finished != null) ? Duration.between(started, finished).toMillis()
				: null);
		json.put("outcome", failed ? "FAILURE" : "SUCCESS");
		json.put("failure", null);
		json.put("batch", batch);
		json.put("applied", applied);
		json.put("lockWaitMs", null);
		json.put("imported", null);
		return json;
	}

	private static @Nullable String text(@Nullable MigrationVersion version) {
		return (version != null) ? version.toString() : null;
	}

	private static @Nullable String instant(@Nullable OffsetDateTime time) {
		return (time != null) ? time.toInstant().toString() : null;
	}

}
