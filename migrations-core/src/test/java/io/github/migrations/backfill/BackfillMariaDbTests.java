package io.github.migrations.backfill;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AbstractBackfillTests} on MariaDB, a fresh database per test; the batches of a composite
 * key are index ranges (not scans that lock the whole table), and a batch blocked by an
 * application transaction waits at most the lock timeout.
 */
class BackfillMariaDbTests extends AbstractBackfillTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int databases;

	private String database = "";

	@BeforeEach
	void freshDatabase() {
		this.database = db.schema("b" + (++databases));
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + this.database);
	}

	@Override
	DataSource dataSource() {
		return db.dataSource(this.database);
	}

	@Override
	MigratorConfig.Builder config() {
		return MigratorConfig.builder().locations("classpath:backfill-no-sql").lockLease(Duration.ofSeconds(3))
			// the tables to backfill are the database's own: a baseline at 0 starts the history
			.baselineOnMigrate(true).baselineVersion(MigrationVersion.parse("0"));
	}

	@Override
	String table(String name) {
		return this.database + "." + name;
	}

	@Override
	String progressTable() {
		return this.database + ".schema_migrations_backfill";
	}

	@Override
	String historyTable() {
		return this.database + ".schema_migrations";
	}

	@Override
	String lockTable() {
		return this.database + ".migration_lock";
	}

	@Test
	void aCompositeKeysBatchesAreIndexRangesNotScansOfTheWholeTable() throws Exception {
		jdbc().execute("CREATE TABLE " + table("accounts") + " (tenant VARCHAR(20) NOT NULL, code INT NOT NULL, "
				+ "counter INT DEFAULT 0 NOT NULL, PRIMARY KEY (tenant, code))");
		jdbc().batchUpdate("INSERT INTO " + table("accounts") + " (tenant, code) VALUES (?, ?)",
				java.util.stream.IntStream.range(0, 2000)
					.mapToObj((i) -> new Object[] { "t" + (i / 100), i % 100 })
					.toList());
		jdbc().execute("ANALYZE TABLE " + table("accounts"));
		BackfillKey key;
		try (Connection connection = db.connect()) {
			key = BackfillKey.inspect(connection, table("accounts"), List.of("tenant", "code"), false);
		}
		List<Object> first = List.of("t10", 50);
		List<Object> last = List.of("t11", 20);
		Map<String, Object> after = explain("SELECT tenant, code FROM " + table("accounts") + " WHERE "
				+ key.after(null) + " ORDER BY tenant, code LIMIT 100", key.arguments(first).toArray());
		assertThat(after).containsEntry("type", "range").containsEntry("key", "PRIMARY");
		Map<String, Object> range = explain("UPDATE " + table("accounts") + " SET counter = counter + 1 WHERE "
				+ key.range(null), key.rangeArguments(first, last));
		assertThat(range).containsEntry("type", "range").containsEntry("key", "PRIMARY");
		assertThat(Long.parseLong(String.valueOf(range.get("rows")))).as("rows the UPDATE reads (and locks)")
			.isLessThan(200);
		assertThat(jdbc().update("UPDATE " + table("accounts") + " SET counter = counter + 1 WHERE " + key.range(null),
				key.rangeArguments(first, last))).isEqualTo(71);
		assertThat(jdbc().queryForList("SELECT tenant, code FROM " + table("accounts") + " WHERE " + key.after(null)
				+ " ORDER BY tenant, code LIMIT 2", key.arguments(first).toArray()))
			.extracting((row) -> row.get("tenant") + "/" + row.get("code"))
			.containsExactly("t10/51", "t10/52");
	}

	private static List<Integer> errorCodes(Throwable ex) {
		List<Integer> codes = new java.util.ArrayList<>();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof java.sql.SQLException sql) {
				codes.add(sql.getErrorCode());
			}
		}
		return codes;
	}

	private Map<String, Object> explain(String sql, Object... arguments) {
		Map<String, Object> plan = new java.util.HashMap<>();
		jdbc().queryForMap("EXPLAIN " + sql, arguments)
			.forEach((k, v) -> plan.put(k.toLowerCase(java.util.Locale.ROOT), v));
		return plan;
	}

	@Test
	void aBatchBlockedByAnApplicationTransactionWaitsAtMostTheLockTimeoutAndIsRetried() throws Exception {
		items(30);
		try (Connection application = db.connect(); Statement statement = application.createStatement()) {
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
			}, CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS));
			new Migrator(dataSource(), config().lockTimeout(Duration.ofSeconds(1))
				.lockRetries(10)
				.javaMigration(migration("1", (c) -> counting().batchSize(10).run(c)))
				.listener(recorder())
				.build()).migrate();
			release.get(30, TimeUnit.SECONDS);
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
		try (Connection application = db.connect(); Statement statement = application.createStatement()) {
			application.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM " + table("items") + " WHERE id = 15 FOR UPDATE").close();
			long started = System.nanoTime();
			assertThatExceptionOfType(MigrationExecutionException.class)
				.isThrownBy(() -> new Migrator(dataSource(), config().lockTimeout(Duration.ofSeconds(1))
					.lockRetries(1)
					.javaMigration(migration("1", (c) -> counting().batchSize(10).run(c)))
					.build()).migrate())
				.withMessageContaining("Lock wait timeout exceeded")
				.satisfies((ex) -> assertThat(errorCodes(ex)).as("ER_LOCK_WAIT_TIMEOUT").contains(1205));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			application.rollback();
		}
		assertThat(counters()).containsEntry(1, 10).containsEntry(0, 20);
		assertThat(progress("1", "count")).containsEntry("state", "RUNNING").containsEntry("batches", 1L);
	}

}
