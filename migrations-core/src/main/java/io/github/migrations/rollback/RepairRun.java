package io.github.migrations.rollback;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.migrations.MigrationException;
import io.github.migrations.MigrationKind;
import io.github.migrations.Migrator;
import io.github.migrations.RepairMode;
import io.github.migrations.RepairResult;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.history.SchemaHistory;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.run.MigrationRun;
import io.github.migrations.run.Target;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repair, over its {@link MigrationRun}: the rows of migrations that failed part-way (the
 * database is dirty) are repaired as the {@link RepairMode} says (removed, so they run again;
 * let resume from the failed statement; marked applied).
 * <ol>
 * <li>for a dry run, reads the history without the lock, records {@code DRY_RUN} in the audit
 * trail and returns the rows it would repair;</li>
 * <li>otherwise, under the lock: creates the history table if missing, reads the failed rows,
 * checks that the mode applies to each of them (a resume needs the recorded progress and the
 * local file; nothing is changed otherwise), repairs them, and records {@code SUCCESS} (or
 * {@code FAILURE}) in the audit trail.</li>
 * </ol>
 * Internal: public only so that {@link Migrator} can start it; applications call
 * {@link Migrator#repair(String, RepairMode, boolean)}.
 */
public final class RepairRun {

	// the repair's lines keep the category operators know from the facade
	private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

	private RepairRun() {
	}

	/**
	 * Removes the failed rows, or for a dry run only says which they are.
	 * @param run the run this repair is
	 * @param actor who asked, for the audit
	 * @param dryRun whether only to say which rows it would remove
	 */
	public static RepairResult execute(MigrationRun run, String actor, boolean dryRun) {
		return execute(run, actor, RepairMode.RERUN, dryRun);
	}

	/**
	 * Repairs the failed rows as {@code mode} says, or for a dry run only says which they are and
	 * what would happen to them.
	 * @param run the run this repair is
	 * @param actor who asked, for the audit
	 * @param mode what to do with the failed rows
	 * @param dryRun whether only to say what it would do
	 * @throws MigrationException when the mode does not apply to a failed row (nothing changed)
	 */
	public static RepairResult execute(MigrationRun run, String actor, RepairMode mode, boolean dryRun) {
		Target target = run.target();
		RollbackAudit audit = new RollbackAudit(target, "repair");
		String request = (dryRun ? "dryRun" : "repair") + ((mode != RepairMode.RERUN) ? " " + mode.text() : "");
		if (dryRun) {
			List<String> failed;
			try {
				failed = plan(run, target.readAllHistory(), mode);
			}
			catch (MigrationException ex) {
				audit.recordQuietly(actor, request, "", "FAILURE", ex.getMessage());
				throw ex;
			}
			audit.record(actor, request, String.join(", ", failed), "DRY_RUN", null);
			if (mode == RepairMode.RERUN) {
				logger.info("Repair dry run by {}: would remove {}", actor, describe(failed));
			}
			else {
				logger.info("Repair dry run by {} ({}): would {} {}", actor, mode.text(), verb(mode), describe(failed));
			}
			return new RepairResult(true, failed, mode);
		}
		List<String> repaired = new ArrayList<>();
		try {
			run.underLock((lease) -> target.inConnection((c) -> {
				SchemaHistory history = target.history();
				// outside the transaction: where DDL commits by itself, it would end it
				history.createIfMissing(c);
				// read, checked and changed in one fenced transaction: a runner that lost the lock
				// changes nothing, and a repair of several rows is all or nothing
				lease.inTransaction(c, () -> {
					Target.History rows = new Target.History(history.readAll(c), history.readRepeatables(c));
					repaired.addAll(plan(run, rows, mode));
					apply(c, history, rows, mode, run);
				});
				return null;
			}));
		}
		catch (RuntimeException ex) {
			audit.recordQuietly(actor, request, "", "FAILURE", ex.getMessage());
			throw ex;
		}
		audit.record(actor, request, String.join(", ", repaired), "SUCCESS", null);
		if (mode == RepairMode.RERUN) {
			logger.info("Repair by {} removed {} from {}", actor, describe(repaired), target.history().qualifiedTable());
		}
		else {
			logger.info("Repair by {} ({}): {} {} in {}", actor, mode.text(), verbPast(mode), describe(repaired),
					target.history().qualifiedTable());
		}
		return new RepairResult(false, repaired, mode);
	}

	/**
	 * The failed rows, described as the result lists them; for a resume, each with where it
	 * resumes, after checking that it can.
	 */
	private static List<String> plan(MigrationRun run, Target.History history, RepairMode mode) {
		List<String> failed = new ArrayList<>();
		for (AppliedMigration row : history.versioned()) {
			if (row.success()) {
				continue;
			}
			String label = row.version() + " " + row.name();
			if (mode == RepairMode.RESUME) {
				SqlStatement next = resumeAt(row, local(run, row));
				label = label + " (resumes at statement " + (row.statementsDone() + 1) + ", line " + next.line() + ")";
			}
			failed.add(label);
		}
		for (AppliedRepeatable row : history.repeatables()) {
			if (row.success()) {
				continue;
			}
			if (mode == RepairMode.RESUME) {
				throw new MigrationException("Cannot resume repeatable migration " + row.name()
						+ ": its progress is not recorded",
						"A repeatable migration runs again as a whole: undo what it did (or make it safe to re-run) "
								+ "and repair in the default mode (Migrator.repair(); migrations repair), or repair "
								+ "in mode mark-applied (--mark-applied) if you finished it by hand.");
			}
			failed.add("repeatable " + row.name());
		}
		return failed;
	}

	/**
	 * The statement a failed migration resumes at.
	 * @throws MigrationException when its progress was not recorded, or its file is gone or no
	 * longer has that statement
	 */
	private static SqlStatement resumeAt(AppliedMigration row, @Nullable ResolvedMigration file) {
		String what = "migration " + row.version() + " (" + row.name() + ")";
		Integer done = row.statementsDone();
		if (done == null) {
			throw new MigrationException("Cannot resume " + what + ": the history does not record which of its "
					+ "statements took effect",
					"Progress is recorded for SQL migrations that run statement by statement where DDL commits by "
							+ "itself (MariaDB, MySQL); this one ran elsewhere, ran Java code, or failed while being "
							+ "rolled back. Finish it by hand and repair in mode mark-applied (--mark-applied), or "
							+ "undo it and repair in the default mode (Migrator.repair(); migrations repair) to run "
							+ "it again from its first statement.");
		}
		if (file == null || file.javaMigration() != null) {
			throw new MigrationException("Cannot resume " + what + ": its SQL file is not among the local migrations",
					"Restore the file and repair again, or finish the migration by hand and repair in mode "
							+ "mark-applied (--mark-applied).");
		}
		List<SqlStatement> statements = file.upStatements();
		if (done >= statements.size()) {
			throw new MigrationException("Cannot resume " + what + " at its statement " + (done + 1) + ": "
					+ file.location() + " now has " + statements.size() + " statement(s)",
					"Keep the statements that took effect in the file as they were, fix only the failed one and "
							+ "those after it, and repair again; or finish the migration by hand and repair in mode "
							+ "mark-applied (--mark-applied).");
		}
		return statements.get(done);
	}

	private static void apply(Connection connection, SchemaHistory history, Target.History rows, RepairMode mode,
			MigrationRun run) throws SQLException {
		switch (mode) {
			case RERUN -> history.deleteFailed(connection);
			case RESUME -> {
				for (AppliedMigration row : rows.versioned()) {
					if (!row.success()) {
						history.resumeFrom(connection, row.version(), Objects.requireNonNull(row.statementsDone()));
					}
				}
			}
			case MARK_APPLIED -> {
				for (AppliedMigration row : rows.versioned()) {
					if (!row.success()) {
						ResolvedMigration file = local(run, row);
						history.markApplied(connection, row.version(), row.name(),
								(file != null) ? file.checksum() : null);
					}
				}
				for (AppliedRepeatable row : rows.repeatables()) {
					if (!row.success()) {
						ResolvedMigration file = run.local()
							.stream()
							.filter((m) -> m.kind() == MigrationKind.REPEATABLE && m.name().equals(row.name()))
							.findFirst()
							.orElse(null);
						history.markApplied(connection, null, row.name(), (file != null) ? file.checksum() : null);
					}
				}
			}
		}
	}

	private static @Nullable ResolvedMigration local(MigrationRun run, AppliedMigration row) {
		for (ResolvedMigration migration : run.local()) {
			if (migration.kind() != MigrationKind.REPEATABLE && migration.kind() != MigrationKind.BASELINE
					&& row.version().equals(migration.version())) {
				return migration;
			}
		}
		return null;
	}

	private static String verb(RepairMode mode) {
		return switch (mode) {
			case RERUN -> "remove";
			case RESUME -> "let resume";
			case MARK_APPLIED -> "mark applied";
		};
	}

	private static String verbPast(RepairMode mode) {
		return switch (mode) {
			case RERUN -> "removed";
			case RESUME -> "let resume";
			case MARK_APPLIED -> "marked applied";
		};
	}

	private static String describe(List<String> rows) {
		return rows.isEmpty() ? "no failed migration row" : "the failed row(s) of " + String.join(", ", rows);
	}

}
