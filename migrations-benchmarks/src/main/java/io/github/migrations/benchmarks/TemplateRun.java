package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.migrations.test.MigratedDatabase;
import io.github.migrations.test.MigratedDatabases;

/**
 * A migrated database for a test class ({@code migrations-test}'s {@link MigratedDatabases}) with
 * N migrations: a copy of the template against migrating a new database, the ways interleaved in
 * each round. Each database is dropped after it is timed (the drop is not timed).
 * <ul>
 * <li>{@value #COPY}: {@code create()} on an instance that has made one before (the files
 * already digested), as every test class after the first of a JVM, spares off: the copy made
 * while the caller waits;</li>
 * <li>{@value #SPARE}: the same with a spare ready (the default, one spare: the copy made in the
 * background after the previous {@code create()}, while its test class ran; the harness waits,
 * untimed, until the spare is there, as a test class longer than a copy would), so
 * {@code create()} renames it;</li>
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

	static final String SPARE = "spare ready, renamed";

	static final String COPY_NEW_INSTANCE = "copy, new instance (scan + digest)";

	static final String MIGRATED = "migrated on its own";

	static final String BUILD = "first: template built, then copied";

	private static final String PREFIX = "bench";

	private TemplateRun() {
	}

	static void measure(Samples samples, int n, Path dir, int rounds) {
		MigratedDatabases warm = databases(dir, true, 0);
		MigratedDatabases withSpares = databases(dir, true, 1);
		warm.dropTemplates();
		try {
			long started = System.nanoTime();
			MigratedDatabase first = warm.create();
			samples.add(Report.TEMPLATE, n, BUILD, millis(started));
			if (!first.isTemplateBuilt()) {
				throw new IllegalStateException("The first database did not build the template");
			}
			first.close();
			// its spare is made after its first create(), in the background
			withSpares.create().close();
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < 4; i++) {
					switch ((round + i) % 4) {
						case 0 -> time(samples, n, COPY, warm);
						case 1 -> {
							awaitSpare(withSpares);
							time(samples, n, SPARE, withSpares);
						}
						case 2 -> time(samples, n, COPY_NEW_INSTANCE, databases(dir, true, 0));
						default -> time(samples, n, MIGRATED, databases(dir, false, 0));
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

	/**
	 * Waits, untimed, until a spare of the template is there.
	 */
	private static void awaitSpare(MigratedDatabases databases) {
		String spares = "SELECT count(*) FROM pg_database WHERE starts_with(datname, '" + databases.templateName()
				+ "_s')";
		long deadline = System.nanoTime() + 120_000_000_000L;
		try (Connection admin = Databases.admin(); Statement statement = admin.createStatement()) {
			while (true) {
				try (ResultSet rs = statement.executeQuery(spares)) {
					rs.next();
					if (rs.getInt(1) > 0) {
						return;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("No spare of " + databases.templateName() + " after 2 minutes");
				}
				Thread.sleep(20);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static MigratedDatabases databases(Path dir, boolean templates, int spares) {
		return MigratedDatabases.builder(Databases.server().adminUrl())
			.username(Databases.server().user())
			.prefix(PREFIX)
			.templates(templates)
			.spares(spares)
			.config(MigrationsTool.config(dir))
			.build();
	}

	private static double millis(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000.0;
	}

}
