package io.github.migrations.benchmarks;

import java.nio.file.Path;

import io.github.migrations.test.MigratedDatabase;
import io.github.migrations.test.MigratedDatabases;

/**
 * A migrated database for a test class ({@code migrations-test}'s {@link MigratedDatabases}) with
 * N migrations: a copy of the template against migrating a new database, the ways interleaved in
 * each round. Each database is dropped after it is timed (the drop is not timed).
 * <ul>
 * <li>{@value #COPY}: {@code create()} on an instance that has made one before (the files
 * already digested), as every test class after the first of a JVM;</li>
 * <li>{@value #COPY_NEW_INSTANCE}: a new instance's first {@code create()}: the locations
 * scanned and digested, then the copy (the first test class of a JVM whose template exists);</li>
 * <li>{@value #MIGRATED}: templates off, a new database migrated (what a test class pays
 * without templates; the reference);</li>
 * <li>{@value #BUILD}: once, before the rounds: the first {@code create()} with no template, which
 * migrates the template and copies it.</li>
 * </ul>
 */
final class TemplateRun {

	static final String COPY = "copy of the template";

	static final String COPY_NEW_INSTANCE = "copy, new instance (scan + digest)";

	static final String MIGRATED = "migrated on its own";

	static final String BUILD = "first: template built, then copied";

	private static final String PREFIX = "bench";

	private TemplateRun() {
	}

	static void measure(Samples samples, int n, Path dir, int rounds) {
		MigratedDatabases warm = databases(dir, true);
		warm.dropTemplates();
		try {
			long started = System.nanoTime();
			MigratedDatabase first = warm.create();
			samples.add(Report.TEMPLATE, n, BUILD, millis(started));
			if (!first.isTemplateBuilt()) {
				throw new IllegalStateException("The first database did not build the template");
			}
			first.close();
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < 3; i++) {
					switch ((round + i) % 3) {
						case 0 -> time(samples, n, COPY, warm);
						case 1 -> time(samples, n, COPY_NEW_INSTANCE, databases(dir, true));
						default -> time(samples, n, MIGRATED, databases(dir, false));
					}
				}
				System.out.printf("  template N=%,d round %d of %d done (load %s)%n", n, round + 1, rounds,
						Environment.loadAverage());
			}
		}
		finally {
			warm.dropTemplates();
		}
	}

	private static void time(Samples samples, int n, String way, MigratedDatabases databases) {
		long started = System.nanoTime();
		MigratedDatabase database = databases.create();
		double ms = millis(started);
		try {
			if (database.isFromTemplate() != databases.usesTemplates() || database.isTemplateBuilt()) {
				throw new IllegalStateException(way + " made " + database);
			}
			samples.add(Report.TEMPLATE, n, way, ms);
		}
		finally {
			database.close();
		}
	}

	private static MigratedDatabases databases(Path dir, boolean templates) {
		return MigratedDatabases.builder(Databases.server().adminUrl())
			.username(Databases.server().user())
			.prefix(PREFIX)
			.templates(templates)
			.config(MigrationsTool.config(dir))
			.build();
	}

	private static double millis(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000.0;
	}

}
