package io.github.migrations;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Everything known about the migrations of one database, read without taking the lock.
 *
 * @param database product name and version
 * @param schema the schema of the history table
 * @param currentVersion the newest successfully applied version, or {@code null}
 * @param migrations every migration known locally or recorded, in version order, then the repeatable
 * ones in name order
 * @param lock the lock row, or {@code null} when the lock table does not exist yet
 */
public record MigrationStatus(String database, String schema, @Nullable MigrationVersion currentVersion,
		List<MigrationInfo> migrations, @Nullable LockInfo lock) {

	/**
	 * The migrations the next migrate run would apply, in the order it would: the PENDING ones and
	 * the OUTDATED repeatable ones (their file changed since they last ran).
	 */
	public List<MigrationInfo> pending() {
		return this.migrations.stream()
			.filter((m) -> m.state() == MigrationState.PENDING || m.state() == MigrationState.OUTDATED)
			.toList();
	}

	/**
	 * How many migrations are in each state.
	 */
	public Map<MigrationState, Long> counts() {
		return this.migrations.stream().collect(Collectors.groupingBy(MigrationInfo::state, Collectors.counting()));
	}

}
