package io.github.migrations.run;

import java.util.List;
import java.util.function.Supplier;

import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.SchemaHistory;
import org.jspecify.annotations.Nullable;

/**
 * The last history a status read saw, kept per {@link io.github.migrations.Migrator} with the
 * table's fingerprint ({@link SchemaHistory#stampIfExists}). A status read asks the fingerprint
 * first and reads the rows again only when it changed, so that an endpoint or a gauge reading
 * the status of a history of 10,000 rows costs one aggregate query, not 10,000 rows. The stamp is
 * read before the rows: a write in between leaves a snapshot newer than its stamp, which the next
 * read replaces; never an older one. Runs (migrate, rollback, repair) never use it: they read the
 * history themselves, under the lock where it matters.
 */
final class HistoryCache {

	private volatile @Nullable Snapshot snapshot;

	private volatile @Nullable Planned planned;

	/**
	 * The versioned rows and those of repeatable migrations, empty when the table does not exist.
	 */
	Target.History read(Target target) {
		SchemaHistory history = target.history();
		return target.inConnection((c) -> {
			List<Object> stamp = history.stampIfExists(c);
			if (stamp == null) {
				this.snapshot = null;
				return new Target.History(List.of(), List.of());
			}
			Snapshot last = this.snapshot;
			if (last != null && last.table().equals(history.qualifiedTable()) && last.stamp().equals(stamp)) {
				return last.history();
			}
			Target.History read = new Target.History(history.readAll(c), history.readRepeatables(c));
			this.snapshot = new Snapshot(history.qualifiedTable(), stamp, read);
			return read;
		});
	}

	/**
	 * The plan of the last status read, made again only when its history (this cache's snapshot)
	 * or its local migrations changed: the same history object and the same local migrations,
	 * element by element (a file with placeholders is copied per run, so it counts as changed,
	 * and so does every file of a {@code filesystem:} location, read again each time).
	 */
	Plan plan(List<ResolvedMigration> local, Target.History history, Supplier<Plan> plan) {
		Planned last = this.planned;
		if (last != null && last.history() == history && same(last.local(), local)) {
			return last.plan();
		}
		Plan made = plan.get();
		this.planned = new Planned(local, history, made);
		return made;
	}

	private static boolean same(List<ResolvedMigration> a, List<ResolvedMigration> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (a.get(i) != b.get(i)) {
				return false;
			}
		}
		return true;
	}

	private record Snapshot(String table, List<Object> stamp, Target.History history) {
	}

	private record Planned(List<ResolvedMigration> local, Target.History history, Plan plan) {
	}

}
