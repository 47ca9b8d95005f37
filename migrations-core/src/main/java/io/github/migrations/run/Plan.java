package io.github.migrations.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import org.jspecify.annotations.Nullable;

/**
 * Local migrations set against the history: each migration's state, what is pending, and what
 * validation finds wrong. Pure: no I/O.
 */
public final class Plan {

	private final List<MigrationInfo> infos;

	private final List<ResolvedMigration> pending;

	private final List<ValidationProblem> appliedProblems;

	private final List<ValidationProblem> dirtyProblems;

	private final List<ValidationProblem> pendingProblems;

	private final @Nullable MigrationVersion currentVersion;

	private Plan(List<MigrationInfo> infos, List<ResolvedMigration> pending, List<ValidationProblem> appliedProblems,
			List<ValidationProblem> dirtyProblems, List<ValidationProblem> pendingProblems,
			@Nullable MigrationVersion currentVersion) {
		this.infos = infos;
		this.pending = pending;
		this.appliedProblems = appliedProblems;
		this.dirtyProblems = dirtyProblems;
		this.pendingProblems = pendingProblems;
		this.currentVersion = currentVersion;
	}

	static Plan of(List<ResolvedMigration> unsortedLocal, List<AppliedMigration> unsortedRows, MigratorConfig config) {
		// Both lists come sorted by version (scanner, history): one merge pass matches them, no
		// hash maps (hashing 10,000 versions twice was most of a status read in the profile).
		List<ResolvedMigration> local = sorted(unsortedLocal, ResolvedMigration::version);
		List<AppliedMigration> rows = sorted(unsortedRows, AppliedMigration::version);
		@Nullable ResolvedMigration[] fileOfRow = new ResolvedMigration[rows.size()];
		boolean[] localApplied = new boolean[local.size()];
		for (int r = 0, l = 0; r < rows.size() && l < local.size();) {
			int c = rows.get(r).version().compareTo(local.get(l).version());
			if (c == 0) {
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
		MigrationVersion maxLocal = local.isEmpty() ? null : local.get(local.size() - 1).version();
		MigrationVersion maxApplied = rows.isEmpty() ? null : rows.get(rows.size() - 1).version();
		MigrationVersion target = config.getTarget();
		MigrationVersion baseline = newestBaseline(rows);

		List<MigrationInfo> infos = new ArrayList<>();
		List<ResolvedMigration> pending = new ArrayList<>();
		List<ValidationProblem> applied = new ArrayList<>();
		List<ValidationProblem> dirty = new ArrayList<>();
		List<ValidationProblem> pendingProblems = new ArrayList<>();
		MigrationVersion current = null;

		for (int r = 0; r < rows.size(); r++) {
			AppliedMigration row = rows.get(r);
			ResolvedMigration file = fileOfRow[r];
			MigrationState state;
			if (!row.success()) {
				state = MigrationState.FAILED;
				dirty.add(new ValidationProblem(ValidationProblem.Kind.DIRTY, row.version(),
						(file != null) ? file.location() : null, null, null,
						"Migration " + row.version() + " (" + row.name()
								+ ") failed part-way without a transaction; the database is dirty",
						"Finish or undo its statements by hand, make them safe to re-run, then run repair "
								+ "(Migrator.repair()) and migrate again."));
			}
			else if (row.kind() == MigrationKind.BASELINE && row.checksum() == null) {
				// a marker: it names no file, and nothing of a file can have changed
				state = MigrationState.BASELINE;
			}
			else if (file == null) {
				boolean future = maxLocal == null || row.version().compareTo(maxLocal) > 0;
				state = future ? MigrationState.FUTURE : MigrationState.MISSING;
				if (!future && !config.isIgnoreMissing()) {
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
				state = (row.kind() == MigrationKind.BASELINE) ? MigrationState.BASELINE : MigrationState.APPLIED;
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
			if (isBaselined(migration.version(), baseline)) {
				// counts as applied: never runs, so its file is not read for a checksum either
				infos.add(new MigrationInfo(migration.version(), migration.name(), migration.kind(),
						MigrationState.BASELINED, migration.location(), null, null, null, 0, null, false));
				continue;
			}
			if (target != null && migration.version().compareTo(target) > 0) {
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
		infos.sort(Comparator.comparing(MigrationInfo::version));
		return new Plan(List.copyOf(infos), List.copyOf(pending), applied, dirty, pendingProblems, current);
	}

	/**
	 * The version of the newest successful BASELINE row, or {@code null} without one.
	 */
	private static @Nullable MigrationVersion newestBaseline(List<AppliedMigration> rows) {
		MigrationVersion newest = null;
		for (AppliedMigration row : rows) {
			if (row.kind() == MigrationKind.BASELINE && row.success()
					&& (newest == null || row.version().compareTo(newest) > 0)) {
				newest = row.version();
			}
		}
		return newest;
	}

	/**
	 * The baseline rule: a local version at or below the newest baseline is BASELINED; it is never
	 * pending, out of order or missing.
	 */
	private static boolean isBaselined(MigrationVersion version, @Nullable MigrationVersion baseline) {
		return baseline != null && version.compareTo(baseline) <= 0;
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
	 * Every migration known locally or recorded, with its state, in version order.
	 */
	public List<MigrationInfo> infos() {
		return this.infos;
	}

	/**
	 * What a migrate run applies, in order.
	 */
	public List<ResolvedMigration> pending() {
		return this.pending;
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
						"Migration " + migration.location() + " (version " + migration.version() + ") is pending",
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
