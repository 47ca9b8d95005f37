package io.github.migrations.run;

import java.util.List;

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

	private record Snapshot(String table, List<Object> stamp, Target.History history) {
	}

}
