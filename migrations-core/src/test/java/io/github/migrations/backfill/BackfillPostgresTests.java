package io.github.migrations.backfill;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.migrations.MigrationExecutionException;
import io.github.migrations.Migrator;
import io.github.migrations.MigrationVersion;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AbstractBackfillTests} on PostgreSQL, a fresh schema per test, and the lock timeout of
 * a batch blocked by an application transaction.
 */
class BackfillPostgresTests extends AbstractBackfillTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema schema = new TestSchema(database, "backfill");

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	MigratorConfig.Builder config() {
		return MigratorConfig.builder().schema(this.schema.name()).locations("classpath:backfill-no-sql").lockLease(Duration.ofSeconds(3))
			// the tables to backfill are the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true).baselineVersion(MigrationVersion.parse("0"));
	}

	@Override
	String table(String name) {
		return this.schema.name() + "." + name;
	}

	@Override
	String progressTable() {
		return this.schema.name() + ".schema_migrations_backfill";
	}

	@Override
	String historyTable() {
		return this.schema.name() + ".schema_migrations";
	}

	@Override
	String lockTable() {
		return this.schema.name() + ".migration_lock";
	}

	@Test
	void aBatchBlockedByAnApplicationTransactionWaitsAtMostTheLockTimeoutAndIsRetried() throws Exception {
		items(30);
		try (Connection application = database.connect(); Statement statement = application.createStatement()) {
			application.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM " + table("items") + " WHERE id = 15 FOR UPDATE").close();
			AtomicLong releasedAt = new AtomicLong();
			CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
				try {
					releasedAt.set(System.nanoTime());
					application.rollback();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, CompletableFuture.delayedExecutor(800, TimeUnit.MILLISECONDS));
			new Migrator(dataSource(), config().lockTimeout(Duration.ofMillis(200))
				.lockRetries(10)
				.javaMigration(migration("1", (c) -> counting().batchSize(10).run(c)))
				.listener(recorder())
				.build()).migrate();
			release.get(10, TimeUnit.SECONDS);
			// batch 2 (ids 11 to 20) went through lock timeouts and retries until id 15 was free
			assertThat(this.eventNanos.get(1)).isGreaterThan(releasedAt.get());
		}
		assertThat(counters()).containsOnlyKeys(1).containsEntry(1, 30);
		assertThat(this.events).extracting(BackfillProgress::batch).containsExactly(1L, 2L, 3L);
		assertThat(progress("1", "count")).containsEntry("state", "DONE").containsEntry("batches", 3L);
	}

	@Test
	void aBatchStillBlockedAfterTheRetriesFailsWithTheLockTimeoutAndKeepsTheBatchesBefore() throws Exception {
		items(30);
		try (Connection application = database.connect(); Statement statement = application.createStatement()) {
			application.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM " + table("items") + " WHERE id = 15 FOR UPDATE").close();
			long started = System.nanoTime();
			assertThatExceptionOfType(MigrationExecutionException.class)
				.isThrownBy(() -> new Migrator(dataSource(), config().lockTimeout(Duration.ofMillis(200))
					.lockRetries(1)
					.javaMigration(migration("1", (c) -> counting().batchSize(10).run(c)))
					.build()).migrate())
				.withMessageContaining("lock timeout")
				.satisfies((ex) -> assertThat(ex.getSqlState()).isEqualTo("55P03"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			application.rollback();
		}
		assertThat(counters()).containsEntry(1, 10).containsEntry(0, 20);
		assertThat(progress("1", "count")).containsEntry("state", "RUNNING").containsEntry("batches", 1L);
	}

}
