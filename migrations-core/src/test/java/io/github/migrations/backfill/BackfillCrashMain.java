package io.github.migrations.backfill;

import java.time.Duration;

import io.github.migrations.JavaMigration;
import io.github.migrations.Migrator;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A runner in a JVM of its own, for {@link BackfillCrashPostgresTests}, which kills it mid-backfill:
 * migrates {@link #migration}. Arguments: JDBC URL, user, schema, lease in milliseconds.
 */
public final class BackfillCrashMain {

	/** Rows per batch. */
	static final int BATCH_SIZE = 50;

	private BackfillCrashMain() {
	}

	/**
	 * Version 1: each batch adds one to its rows' counters, then sleeps 50 ms inside its
	 * transaction (so that a kill most likely lands in an open batch).
	 */
	static JavaMigration migration(String schema) {
		String items = schema + ".items";
		Backfill backfill = Backfill.named("count")
			.table(items)
			.key("id")
			.batchSize(BATCH_SIZE)
			.forEachBatch((batch) -> {
				batch.update("UPDATE " + items + " SET counter = counter + 1 WHERE " + batch.keyRange(),
						batch.keyRangeArguments());
				batch.jdbcTemplate().execute("SELECT pg_sleep(0.05)");
			})
			.validate("rows not counted", "SELECT COUNT(*) FROM " + items + " WHERE counter <> 1")
			.build();
		return new AbstractBackfillTests.TestMigration("1", false, backfill::run, null);
	}

	static MigratorConfig.Builder config(String schema, Duration lease) {
		return MigratorConfig.builder()
			.schema(schema)
			.locations("classpath:backfill-no-sql")
			.lockLease(lease)
			// the table to backfill is the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"))
			.javaMigration(migration(schema));
	}

	public static void main(String[] args) throws Exception {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(args[0]);
		dataSource.setUser(args[1]);
		new Migrator(dataSource, config(args[2], Duration.ofMillis(Long.parseLong(args[3]))).build()).migrate();
		System.out.println("finished without being killed");
		System.exit(0);
	}

}
