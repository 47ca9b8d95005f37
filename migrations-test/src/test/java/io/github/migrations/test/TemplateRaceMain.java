package io.github.migrations.test;

import io.github.migrations.MigratorConfig;

/**
 * One JVM of {@link MigratedDatabasesPostgresTests}' race: makes a migrated database and prints
 * {@code BUILT true} when it built the template (arguments: server URL, user, prefix, location).
 * The database is dropped; the template stays for the test to inspect.
 */
public final class TemplateRaceMain {

	private TemplateRaceMain() {
	}

	public static void main(String[] args) {
		MigratedDatabases databases = MigratedDatabases.builder(args[0])
			.username(args[1])
			.prefix(args[2])
			// a spare still being copied when the JVM exits would outlive the test's clean-up
			.spares(0)
			.config(MigratorConfig.builder().locations(args[3]).build())
			.build();
		try (MigratedDatabase database = databases.create()) {
			System.out.println("BUILT " + database.isTemplateBuilt() + " " + database.getTemplate());
		}
	}

}
