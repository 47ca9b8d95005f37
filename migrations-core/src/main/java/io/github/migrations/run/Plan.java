package io.github.migrations.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import io.github.migrations.ValidationProblem;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import org.jspecify.annotations.Nullable;

/**
 * Local migrations set against the history: each migration's state, what is pending, and what
 * validation finds wrong. Pure: no I/O.
 * <ol>
 * <li>versioned files and rows are matched by version; a baseline row (kind BASELINE) with the
 * baseline file of its version;</li>
 * <li>on an empty database (no row at all), the newest baseline file up to the target is pending
 * first, in place of every version it covers; with any history, baseline files are skipped (not
 * listed);</li>
 * <li>local versions at or below the newest baseline are BASELINED: never pending;</li>
 * <li>repeatable files come last, in name order, matched with their rows by name.</li>
 * </ol>
 */
public final class Plan {

	private final List<MigrationInfo> infos;

	private final List<ResolvedMigration> pending;

	private final List<ValidationProblem> appliedProblems;

	private final List<ValidationProblem> dirtyProblems;

	private final List<ValidationProblem> pendingProblems;

	private final @Nullable MigrationVersion currentVersion;

	private final Map<MigrationVersion, Integer> resumes;

	private Plan(List<MigrationInfo> infos, List<ResolvedMigration> pending, List<ValidationProblem> appliedProblems,
			List<ValidationProblem> dirtyProblems, List<ValidationProblem> pendingProblems,
			@Nullable MigrationVersion currentVersion, Map<MigrationVersion, Integer> resumes) {
		this.resumes = Map.copyOf(resumes);
		this.infos = List.copyOf(infos);
		this.pending = List.copyOf(pending);
		this.appliedProblems = appliedProblems;
		this.dirtyProblems = dirtyProblems;
		this.pendingProblems = pendingProblems;
		this.currentVersion = currentVersion;
	}

	static Plan of(List<ResolvedMigration> local, List<AppliedMigration> rows, MigratorConfig config) {
		return of(local, new Target.History(rows, List.of()), config);
	}

	/**
	 * @param all every local migration: versioned, baseline files and repeatable files
	 * @param history the versioned rows and the rows of repeatable migrations
	 */
	static Plan of(List<ResolvedMigration> all, Target.History history, MigratorConfig config) {
		List<ResolvedMigration> versioned = new ArrayList<>(all.size());
		List<ResolvedMigration> baselineFiles = new ArrayList<>();
		List<ResolvedMigration> repeatables = new ArrayList<>();
		for (ResolvedMigration migration : all) {
			switch (migration.kind()) {
				case BASELINE -> baselineFiles.add(migration);
				case REPEATABLE -> repeatables.add(migration);
				default -> versioned.add(migration);
			}
		}
		// Both lists come sorted by version (scanner, history): one merge pass matches them, no
		// hash maps (hashing 10,000 versions twice was most of a status read in the profile).
		List<ResolvedMigration> local = sorted(versioned, ResolvedMigration::version);
		List<AppliedMigration> rows = sorted(history.versioned(), AppliedMigration::version);
		@Nullable ResolvedMigration[] fileOfRow = new ResolvedMigration[rows.size()];
		boolean[] localApplied = new boolean[local.size()];
		Map<MigrationVersion, Integer> resumes = new LinkedHashMap<>();
		for (int r = 0, l = 0; r < rows.size() && l < local.size();) {
			if (rows.get(r).kind() == MigrationKind.BASELINE) {
				// a baseline row is matched with a baseline file (below), never a versioned one
				r++;
				continue;
			}
			int c = rows.get(r).version().compareTo(local.get(l).version());
			if (c == 0 && rows.get(r).resumes() && local.get(l).javaMigration() == null) {
				// a repair let this failed migration resume: pending again, from where it stopped
				resumes.put(rows.get(r).version(), rows.get(r).resumeFrom());
				r++;
				l++;
			}
			else if (c == 0) {
				fileOfRow[r++] = local.get(l);
				localApplied[l++] = true;
			}
			else if (c < 0) {
				r++;
			}
			else {
				l++;
			}
		}
		for (int r = 0; r < rows.size(); r++) {
			if (rows.get(r).kind() == MigrationKind.BASELINE) {
				fileOfRow[r] = withVersion(baselineFiles, rows.get(r).version());
			}
		}
		MigrationVersion maxLocal = local.isEmpty() ? null : local.get(local.size() - 1).version();
		MigrationVersion maxApplied = rows.isEmpty() ? null : rows.get(rows.size() - 1).version();
		MigrationVersion target = config.getTarget();
		// a baseline file runs only on an empty database, in place of every version it covers
		ResolvedMigration baselineFile = (rows.isEmpty() && history.repeatables().isEmpty())
				? newestUpTo(baselineFiles, target) : null;
		MigrationVersion baseline = baselineVersion(rows);
		if (baseline == null && baselineFile != null) {
			baseline = baselineFile.version();
		}

		List<MigrationInfo> infos = new ArrayList<>();
		List<ResolvedMigration> pending = new ArrayList<>();
		List<ValidationProblem> applied = new ArrayList<>();
		List<ValidationProblem> dirty = new ArrayList<>();
		List<ValidationProblem> pendingProblems = new ArrayList<>();
		MigrationVersion current = null;
		if (baselineFile != null) {
			pending.add(baselineFile);
			infos.add(new MigrationInfo(baselineFile.version(), baselineFile.name(), baselineFile.kind(),
					MigrationState.PENDING, baselineFile.location(), baselineFile.checksum(), null, null, 0, null,
					false));
		}

		for (int r = 0; r < rows.size(); r++) {
			AppliedMigration row = rows.get(r);
			ResolvedMigration file = fileOfRow[r];
			if (file == null && row.resumes() && resumes.containsKey(row.version())) {
				continue;
			}
			boolean isBaseline = row.kind() == MigrationKind.BASELINE;
			MigrationState state;
			if (!row.success()) {
				state = MigrationState.FAILED;
				dirty.add(dirtyProblem(row, file));
			}
			else if (file == null) {
				// a baseline row without its file is still the baseline (a marker row never has one)
				boolean future = maxLocal == null || row.version().compareTo(maxLocal) > 0;
				state = isBaseline ? MigrationState.BASELINE
						: future ? MigrationState.FUTURE : MigrationState.MISSING;
				if (!isBaseline && !future && !config.isIgnoreMissing()) {
					applied.add(new ValidationProblem(ValidationProblem.Kind.MISSING, row.version(), null, null, null,
							"Applied migration " + row.version() + " (" + row.name()
									+ ") has no local file, but newer local migrations exist",
							"Restore the file, or set migrations.ignore-missing=true if it was removed on purpose."));
				}
			}
			else if (row.checksum() != null && file.checksum() != null && !row.checksum().equals(file.checksum())) {
				state = MigrationState.CHECKSUM_MISMATCH;
				applied.add(new ValidationProblem(ValidationProblem.Kind.CHECKSUM_MISMATCH, row.version(),
						file.location(), row.checksum(), file.checksum(),
						"Migration " + file.location() + " (version " + row.version()
								+ ") was edited after it was applied: recorded checksum " + row.checksum()
								+ ", file checksum " + file.checksum(),
						"Revert the edit and put the change in a new migration; an applied migration must not change."));
			}
			else {
				state = isBaseline ? MigrationState.BASELINE : MigrationState.APPLIED;
			}
			if (row.success()) {
				current = row.version();
			}
			infos.add(new MigrationInfo(row.version(), row.name(), row.kind(), state,
					(file != null) ? file.location() : null, row.checksum(), row.executedAt(),
					Duration.ofMillis(row.executionTimeMs()), row.batch(), row.installedBy(),
					(row.rollbackSql() != null) || (file != null && file.javaMigration() != null && file.reversible())));
		}

		for (int l = 0; l < local.size(); l++) {
			ResolvedMigration migration = local.get(l);
			if (localApplied[l]) {
				continue;
			}
			MigrationState state;
			if (baseline != null && migration.version().compareTo(baseline) <= 0) {
				state = MigrationState.BASELINED;
			}
			else if (target != null && migration.version().compareTo(target) > 0) {
				state = MigrationState.ABOVE_TARGET;
			}
			else if (maxApplied != null && migration.version().compareTo(maxApplied) < 0 && !config.isOutOfOrder()) {
				state = MigrationState.OUT_OF_ORDER;
				pendingProblems.add(new ValidationProblem(ValidationProblem.Kind.OUT_OF_ORDER, migration.version(),
						migration.location(), null, null,
						"Migration " + migration.location() + " (version " + migration.version()
								+ ") is older than the newest applied migration " + maxApplied,
						"Give it a newer version (a fresh timestamp), or set migrations.out-of-order=true to apply it anyway."));
			}
			else {
				state = MigrationState.PENDING;
				pending.add(migration);
			}
			infos.add(new MigrationInfo(migration.version(), migration.name(), migration.kind(), state,
					migration.location(), migration.checksum(), null, null, 0, null, migration.reversible()));
		}
		// version order; a baseline after the versions it covers
		infos.sort(Comparator.comparing(MigrationInfo::version)
			.thenComparing((info) -> info.kind() == MigrationKind.BASELINE));
		repeatables(repeatables, history.repeatables(), infos, pending, dirty);
		return new Plan(infos, pending, applied, dirty, pendingProblems, current, resumes);
	}

	/**
	 * A failed row: what took effect, where the progress was recorded, and the repairs.
	 */
	private static ValidationProblem dirtyProblem(AppliedMigration row, @Nullable ResolvedMigration file) {
		Integer done = row.statementsDone();
		String progress = "";
		if (done != null && file != null && file.javaMigration() == null && done < file.upStatements().size()) {
			int line = file.upStatements().get(done).line();
			progress = ": its first " + done + " statement" + ((done == 1) ? "" : "s")
					+ " took effect (each committed by itself), and it stopped at the one on line " + line + " of "
					+ file.location();
		}
		String repairs = (done != null) ? REPAIRS_WITH_RESUME : REPAIRS;
		return new ValidationProblem(ValidationProblem.Kind.DIRTY, row.version(),
				(file != null) ? file.location() : null, null, null, "Migration " + row.version() + " (" + row.name()
						+ ") failed part-way without a transaction; the database is dirty" + progress,
				repairs);
	}

	/** The repairs of a failed migration whose progress was not recorded. */
	private static final String REPAIRS = "Finish or undo its statements by hand, make them safe to re-run, then run "
			+ "repair (Migrator.repair(); migrations repair; POST /actuator/migrations/repair) and migrate again; or, "
			+ "when you finished it by hand, repair in mode mark-applied (--mark-applied; {\"mode\":\"mark-applied\"}).";

	/** The repairs of a failed migration whose progress was recorded (MariaDB, MySQL). */
	static final String REPAIRS_WITH_RESUME = "Fix the failed statement or its cause, then repair in mode resume "
			+ "(Migrator.repair(actor, RepairMode.RESUME, false); migrations repair --resume; POST "
			+ "/actuator/migrations/repair {\"mode\":\"resume\"}) and migrate again: it runs from the failed "
			+ "statement on. Or finish it by hand and repair in mode mark-applied (--mark-applied), or undo it by hand "
			+ "and repair (the default mode) to run it again from its first statement.";

	/**
	 * The repeatable migrations, after the versioned ones and in name order, as Flyway runs them:
	 * one never run or whose checksum changed is pending (PENDING, OUTDATED), one that ran with its
	 * current checksum is REPEATABLE. A row whose file is gone is MISSING, not an error: removing a
	 * repeatable file only stops it from running again.
	 */
	private static void repeatables(List<ResolvedMigration> files, List<AppliedRepeatable> rows,
			List<MigrationInfo> infos, List<ResolvedMigration> pending, List<ValidationProblem> dirty) {
		Map<String, AppliedRepeatable> byName = new LinkedHashMap<>();
		rows.forEach((row) -> byName.put(row.name(), row));
		for (ResolvedMigration file : files) {
			AppliedRepeatable row = byName.remove(file.name());
			MigrationState state;
			if (row == null) {
				state = MigrationState.PENDING;
			}
			else if (!row.success()) {
				state = MigrationState.FAILED;
			}
			else {
				state = Objects.equals(row.checksum(), file.checksum()) ? MigrationState.REPEATABLE
						: MigrationState.OUTDATED;
			}
			if (state == MigrationState.PENDING || state == MigrationState.OUTDATED) {
				pending.add(file);
			}
			infos.add(repeatableInfo(file.name(), state, file.location(),
					(row != null) ? row.checksum() : file.checksum(), row));
		}
		for (AppliedRepeatable row : byName.values()) {
			infos.add(repeatableInfo(row.name(), row.success() ? MigrationState.MISSING : MigrationState.FAILED, null,
					row.checksum(), row));
		}
		for (AppliedRepeatable row : rows) {
			if (!row.success()) {
				dirty.add(new ValidationProblem(ValidationProblem.Kind.DIRTY, null, null, null, null,
						"Repeatable migration " + row.name()
								+ " failed part-way without a transaction; the database is dirty",
						REPAIRS));
			}
		}
	}

	private static MigrationInfo repeatableInfo(String name, MigrationState state, @Nullable String script,
			@Nullable String checksum, @Nullable AppliedRepeatable row) {
		return new MigrationInfo(null, name, MigrationKind.REPEATABLE, state, script, checksum,
				(row != null) ? row.executedAt() : null,
				(row != null) ? Duration.ofMillis(row.executionTimeMs()) : null, (row != null) ? row.batch() : 0,
				(row != null) ? row.installedBy() : null, false);
	}

	/**
	 * The version of the newest baseline row: local versions at or below it are BASELINED and
	 * never pending.
	 */
	private static @Nullable MigrationVersion baselineVersion(List<AppliedMigration> rows) {
		MigrationVersion newest = null;
		for (AppliedMigration row : rows) {
			if (row.kind() == MigrationKind.BASELINE && row.success()) {
				newest = row.version();
			}
		}
		return newest;
	}

	/**
	 * The newest baseline file up to the target (rows and files are in version order).
	 */
	private static @Nullable ResolvedMigration newestUpTo(List<ResolvedMigration> baselineFiles,
			@Nullable MigrationVersion target) {
		ResolvedMigration newest = null;
		for (ResolvedMigration file : baselineFiles) {
			if (target == null || file.version().compareTo(target) <= 0) {
				newest = file;
			}
		}
		return newest;
	}

	private static @Nullable ResolvedMigration withVersion(List<ResolvedMigration> files, MigrationVersion version) {
		for (ResolvedMigration file : files) {
			if (version.equals(file.version())) {
				return file;
			}
		}
		return null;
	}

	private static <T> List<T> sorted(List<T> list, Function<T, MigrationVersion> version) {
		for (int i = 1; i < list.size(); i++) {
			if (version.apply(list.get(i - 1)).compareTo(version.apply(list.get(i))) > 0) {
				List<T> copy = new ArrayList<>(list);
				copy.sort(Comparator.comparing(version));
				return copy;
			}
		}
		return list;
	}

	/**
	 * Every migration known locally or recorded, with its state: in version order, then the
	 * repeatable ones in name order.
	 */
	public List<MigrationInfo> infos() {
		return this.infos;
	}

	/**
	 * What a migrate run applies, in order: a baseline file (empty database only), the versioned
	 * migrations, then the repeatable ones.
	 */
	public List<ResolvedMigration> pending() {
		return this.pending;
	}

	/**
	 * The statement (0-based) a pending migration resumes from, after a repair in mode resume;
	 * {@code null} when it runs from its first statement.
	 */
	public @Nullable Integer resumeFrom(ResolvedMigration migration) {
		return (migration.version() != null) ? this.resumes.get(migration.version()) : null;
	}

	/**
	 * Whether nothing is applied to the database yet (nor adopted, nor baselined): every migration
	 * is pending or above the target, so the pending ones run on a fresh database.
	 */
	public boolean nothingApplied() {
		return this.infos.stream()
			.allMatch((info) -> info.state() == MigrationState.PENDING || info.state() == MigrationState.ABOVE_TARGET);
	}

	/**
	 * The newest successfully applied version, or {@code null}.
	 */
	public @Nullable MigrationVersion currentVersion() {
		return this.currentVersion;
	}

	/**
	 * The problems that stop a run: a dirty database always; edited and missing migrations when
	 * applied migrations are validated; out-of-order files; pending ones when none are allowed.
	 */
	List<ValidationProblem> problems(boolean validateApplied, boolean allowPending) {
		List<ValidationProblem> problems = new ArrayList<>(this.dirtyProblems);
		if (validateApplied) {
			problems.addAll(this.appliedProblems);
		}
		problems.addAll(this.pendingProblems);
		if (!allowPending) {
			for (ResolvedMigration migration : this.pending) {
				problems.add(new ValidationProblem(ValidationProblem.Kind.PENDING, migration.version(),
						migration.location(), null, null,
						"Migration " + migration.location()
								+ ((migration.version() != null) ? " (version " + migration.version() + ")" : "")
								+ " is pending",
						"Run the migration job (migrations.mode=migrate) before starting instances in validate mode."));
			}
		}
		return problems;
	}

	/**
	 * Throws when {@link #problems} finds any.
	 * @throws MigrationValidationException listing every problem
	 */
	public void validate(boolean validateApplied, boolean allowPending) {
		List<ValidationProblem> problems = problems(validateApplied, allowPending);
		if (!problems.isEmpty()) {
			throw new MigrationValidationException(problems);
		}
	}

}
