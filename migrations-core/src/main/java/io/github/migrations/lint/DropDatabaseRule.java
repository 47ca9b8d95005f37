package io.github.migrations.lint;

import java.util.List;

/**
 * {@code drop-database} (ERROR): {@code DROP DATABASE} in a migration. It deletes a whole
 * database, in every environment the migration reaches, with no way back (and inside a
 * transaction PostgreSQL refuses it, see {@code concurrently-in-transaction}).
 */
final class DropDatabaseRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		if (!statement.startsWith("drop", "database")) {
			return List.of();
		}
		return List.of("DROP DATABASE deletes a whole database and everything in it, in every environment the "
				+ "migration reaches, with no way back. Drop databases by hand (or from the provisioning that "
				+ "creates them), never from a schema migration.");
	}

}
