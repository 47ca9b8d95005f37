package io.github.migrations.adopt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.discovery.ResolvedMigration;
import org.jspecify.annotations.Nullable;

/**
 * The local migrations, as a foreign history's rows look them up: versioned ones (SQL and Java)
 * and baseline files by version, repeatable ones by name.
 */
final class LocalFiles {

	private final Map<MigrationVersion, ResolvedMigration> versioned = new TreeMap<>();

	private final Map<MigrationVersion, ResolvedMigration> baselines = new HashMap<>();

	private final Map<String, ResolvedMigration> repeatables = new HashMap<>();

	LocalFiles(List<ResolvedMigration> local) {
		for (ResolvedMigration migration : local) {
			MigrationVersion version = migration.version();
			if (migration.kind() == MigrationKind.REPEATABLE || version == null) {
				this.repeatables.put(migration.name(), migration);
			}
			else if (migration.kind() == MigrationKind.BASELINE) {
				this.baselines.put(version, migration);
			}
			else {
				this.versioned.put(version, migration);
			}
		}
	}

	@Nullable ResolvedMigration versioned(MigrationVersion version) {
		return this.versioned.get(version);
	}

	/**
	 * The versioned migrations, in version order.
	 */
	Iterable<ResolvedMigration> versioned() {
		return this.versioned.values();
	}

	@Nullable ResolvedMigration baseline(MigrationVersion version) {
		return this.baselines.get(version);
	}

	@Nullable ResolvedMigration repeatable(String name) {
		return this.repeatables.get(name);
	}

}
