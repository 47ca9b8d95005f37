package io.github.migrations.rollback;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.Migrator;
import io.github.migrations.RepairResult;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.run.MigrationRun;
import io.github.migrations.run.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repair, over its {@link MigrationRun}: the rows of migrations that failed part-way (the
 * database is dirty) are removed so that the migrations run again.
 * <ol>
 * <li>for a dry run, reads the history without the lock, records {@code DRY_RUN} in the audit
 * trail and returns the rows it would remove;</li>
 * <li>otherwise, under the lock: creates the history table if missing, reads the failed rows and
 * removes them (one statement), records {@code SUCCESS} (or {@code FAILURE}) in the audit
 * trail.</li>
 * </ol>
 * Internal: public only so that {@link Migrator} can start it; applications call
 * {@link Migrator#repair(String, boolean)}.
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
		Target target = run.target();
		RollbackAudit audit = new RollbackAudit(target, "repair");
		String request = dryRun ? "dryRun" : "repair";
		if (dryRun) {
			List<String> failed = failed(target.readAllHistory());
			audit.record(actor, request, String.join(", ", failed), "DRY_RUN", null);
			logger.info("Repair dry run by {}: would remove {}", actor, describe(failed));
			return new RepairResult(true, failed);
		}
		List<String> cleared = new ArrayList<>();
		try {
			run.underLock((lease) -> target.inConnection((c) -> {
				target.history().createIfMissing(c);
				cleared.addAll(failed(new Target.History(target.history().readAll(c),
						target.history().readRepeatables(c))));
				return target.history().deleteFailed(c);
			}));
		}
		catch (RuntimeException ex) {
			audit.recordQuietly(actor, request, "", "FAILURE", ex.getMessage());
			throw ex;
		}
		audit.record(actor, request, String.join(", ", cleared), "SUCCESS", null);
		logger.info("Repair by {} removed {} from {}", actor, describe(cleared),
				target.history().qualifiedTable());
		return new RepairResult(false, cleared);
	}

	private static List<String> failed(Target.History history) {
		List<String> failed = new ArrayList<>();
		history.versioned()
			.stream()
			.filter((row) -> !row.success())
			.map((AppliedMigration row) -> row.version() + " " + row.name())
			.forEach(failed::add);
		history.repeatables()
			.stream()
			.filter((row) -> !row.success())
			.map((AppliedRepeatable row) -> "repeatable " + row.name())
			.forEach(failed::add);
		return failed;
	}

	private static String describe(List<String> rows) {
		return rows.isEmpty() ? "no failed migration row" : "the failed row(s) of " + String.join(", ", rows);
	}

}
