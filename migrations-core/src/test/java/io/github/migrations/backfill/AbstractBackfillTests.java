package io.github.migrations.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.migrations.JavaMigration;
import io.github.migrations.LockLostException;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.rollback.RollbackRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a {@link Backfill} guarantees, run against each database: batch boundaries, keys, pause,
 * validation, progress events, resumption, fencing and the progress row's life cycle.
 */
abstract class AbstractBackfillTests {

	/** Events as the listener got them, with the time each arrived. */
	final List<BackfillProgress> events = Collections.synchronizedList(new ArrayList<>());

	final List<Long> eventNanos = Collections.synchronizedList(new ArrayList<>());

	abstract DataSource dataSource();

	/** The configuration for this database (schema, short lease). */
	abstract MigratorConfig.Builder config();

	/** A table name as the migrations must write it (schema-qualified on PostgreSQL). */
	abstract String table(String name);

	/** The progress table, as tests query it. */
	abstract String progressTable();

	/** The history table, as tests query it. */
	abstract String historyTable();

	/** The lock table, as tests query it. */
	abstract String lockTable();

	JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	@Test
	void zeroRowsCommitNoBatchAndMarkTheBackfillDone() {
		items(0);
		RunResult result = migrate(migration("1", (c) -> counting().run(c)));
		assertThat(result.successful()).isTrue();
		assertThat(this.events).isEmpty();
		assertThat(progress("1", "count")).containsEntry("state", "DONE")
			.containsEntry("rows_done", 0L)
			.containsEntry("batches", 0L);
	}

	@Test
	void exactlyOneFullBatchTakesOneBatch() {
		items(10);
		migrate(migration("1", (c) -> counting().batchSize(10).run(c)));
		assertThat(this.events).extracting(BackfillProgress::batchRows).containsExactly(10);
		assertThat(counters()).containsOnlyKeys(1).containsEntry(1, 10);
		assertThat(progress("1", "count")).containsEntry("state", "DONE")
			.containsEntry("rows_done", 10L)
			.containsEntry("batches", 1L)
			.containsEntry("last_key", "[10]");
	}

	@Test
	void nBatchesPlusOneRowTakeOneMoreBatchOfOneRow() {
		items(31);
		migrate(migration("1", (c) -> counting().batchSize(10).run(c)));
		assertThat(this.events).extracting(BackfillProgress::batchRows).containsExactly(10, 10, 10, 1);
		assertThat(this.events).extracting(BackfillProgress::rowsDone).containsExactly(10L, 20L, 30L, 31L);
		assertThat(this.events).extracting(BackfillProgress::lastKey).containsExactly("[10]", "[20]", "[30]", "[31]");
		assertThat(this.events).extracting(BackfillProgress::batch).containsExactly(1L, 2L, 3L, 4L);
		assertThat(this.events).extracting(BackfillProgress::backfill).containsOnly("count");
		assertThat(counters()).containsOnlyKeys(1).containsEntry(1, 31);
		assertThat(progress("1", "count")).containsEntry("state", "DONE")
			.containsEntry("rows_done", 31L)
			.containsEntry("batches", 4L)
			.containsEntry("runs", 1);
	}

	@Test
	void onlyRowsMatchingTheFilterArePickedAndUpdated() {
		items(40);
		migrate(migration("1", (c) -> counting().where("MOD(id, 4) = 0").batchSize(3).run(c)));
		assertThat(this.events).extracting(BackfillProgress::batchRows).containsExactly(3, 3, 3, 1);
		assertThat(jdbc().queryForList("SELECT id FROM " + table("items") + " WHERE counter = 1 ORDER BY id",
				Integer.class)).containsExactly(4, 8, 12, 16, 20, 24, 28, 32, 36, 40);
		assertThat(counters()).containsEntry(0, 30).containsEntry(1, 10);
	}

	@Test
	void compositeTextKeysPageInKeyOrderAndAFailedBatchResumesAfterTheStoredKey() {
		jdbc().execute("CREATE TABLE " + table("accounts")
				+ " (tenant VARCHAR(20) NOT NULL, code VARCHAR(20) NOT NULL, counter INT DEFAULT 0 NOT NULL, "
				+ "PRIMARY KEY (tenant, code))");
		// values that the stored key's text form must keep: quotes, backslash, comma, brackets,
		// a trailing space
		List<String> codes = List.of("a", "it's", "say \"hi\"", "back\\slash", "x,y", "[z]", "ü", "pad ");
		for (String tenant : List.of("acme", "beta", "corp")) {
			for (String code : codes) {
				jdbc().update("INSERT INTO " + table("accounts") + " (tenant, code) VALUES (?, ?)", tenant, code);
			}
		}
		AtomicBoolean failThirdBatch = new AtomicBoolean(true);
		Backfill backfill = Backfill.named("accounts")
			.table(table("accounts"))
			.key("tenant", "code")
			.batchSize(4)
			.forEachBatch((batch) -> {
				if (batch.number() == 3 && failThirdBatch.get()) {
					batch.update("UPDATE " + table("accounts") + " SET counter = counter + 100");
					throw new IllegalStateException("batch 3 fails on purpose");
				}
				batch.update("UPDATE " + table("accounts") + " SET counter = counter + 1 WHERE " + batch.keyRange(),
						batch.keyRangeArguments());
			})
			.build();
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> migrate(migration("1", backfill::run)))
			.withMessageContaining("batch 3 fails on purpose");
		Map<String, Object> afterFailure = progress("1", "accounts");
		assertThat(afterFailure).containsEntry("state", "RUNNING")
			.containsEntry("rows_done", 8L)
			.containsEntry("batches", 2L);
		String storedKey = (String) afterFailure.get("last_key");
		List<List<Object>> ordered = jdbc().query(
				"SELECT tenant, code FROM " + table("accounts") + " ORDER BY tenant, code",
				(rs, i) -> List.of(rs.getString(1), rs.getString(2)));
		assertThat(BackfillKey.parse(storedKey)).isEqualTo(ordered.get(7));
		assertThat(jdbc().queryForObject("SELECT SUM(counter) FROM " + table("accounts"), Integer.class))
			.as("the failed batch rolled back, its +100 too")
			.isEqualTo(8);

		failThirdBatch.set(false);
		new Migrator(dataSource(), config().build()).repair();
		this.events.clear();
		migrate(migration("1", backfill::run));
		assertThat(jdbc().queryForList("SELECT counter FROM " + table("accounts"), Integer.class)).hasSize(24)
			.containsOnly(1);
		assertThat(this.events.get(0).batch()).as("batch numbers go on across runs").isEqualTo(3);
		assertThat(progress("1", "accounts")).containsEntry("state", "DONE")
			.containsEntry("rows_done", 24L)
			.containsEntry("runs", 2)
			.containsEntry("resumed_from", storedKey);
	}

	@Test
	void uuidKeysPageAndResume() {
		jdbc().execute("CREATE TABLE " + table("tokens") + " (id UUID PRIMARY KEY, counter INT DEFAULT 0 NOT NULL)");
		for (int i = 0; i < 12; i++) {
			jdbc().update("INSERT INTO " + table("tokens") + " (id) VALUES (?)", java.util.UUID.randomUUID());
		}
		AtomicBoolean fail = new AtomicBoolean(true);
		Backfill backfill = Backfill.named("tokens").table(table("tokens")).key("id").batchSize(5).forEachBatch((b) -> {
			if (b.number() == 2 && fail.get()) {
				throw new IllegalStateException("stop");
			}
			b.update("UPDATE " + table("tokens") + " SET counter = counter + 1 WHERE " + b.keyRange(),
					b.keyRangeArguments());
		}).build();
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> migrate(migration("1", backfill::run)));
		fail.set(false);
		new Migrator(dataSource(), config().build()).repair();
		migrate(migration("1", backfill::run));
		assertThat(jdbc().queryForList("SELECT counter FROM " + table("tokens"), Integer.class)).hasSize(12)
			.containsOnly(1);
		assertThat(progress("1", "tokens")).containsEntry("runs", 2).containsEntry("rows_done", 12L);
	}

	@Test
	void pauseIsHonouredBetweenBatches() {
		items(25);
		Duration pause = Duration.ofMillis(250);
		long started = System.nanoTime();
		migrate(migration("1", (c) -> counting().batchSize(10).pause(pause).run(c)));
		assertThat(this.eventNanos).hasSize(3);
		for (int i = 1; i < this.eventNanos.size(); i++) {
			assertThat(Duration.ofNanos(this.eventNanos.get(i) - this.eventNanos.get(i - 1)))
				.as("time between the commits of batch %d and %d", i, i + 1)
				.isGreaterThanOrEqualTo(pause);
		}
		// no pause after the last (short) batch
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(pause.multipliedBy(2).plusSeconds(5));
	}

	@Test
	void progressIsLoggedAtInfoWithRowsRateAndLastKey() {
		items(25);
		Logger logger = (Logger) LoggerFactory.getLogger(Backfill.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			// an interval of 0: a line after every batch
			migrate(migration("1", (c) -> counting().batchSize(10).logEvery(Duration.ZERO).run(c)));
		}
		finally {
			logger.detachAppender(appender);
		}
		List<String> info = appender.list.stream()
			.filter((e) -> e.getLevel() == Level.INFO)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(info).hasSize(5);
		assertThat(info.get(0)).startsWith("Backfill count of migration 1 starts on " + table("items")
				+ " (batches of 10, pause 0 ms)");
		assertThat(info.get(1))
			.matches("Backfill count of migration 1: 10 rows in 1 batches \\(\\d+ rows/s this run\\), last key \\[10\\]");
		assertThat(info.get(3))
			.matches("Backfill count of migration 1: 25 rows in 3 batches \\(\\d+ rows/s this run\\), last key \\[25\\]");
		assertThat(info.get(4))
			.matches("Backfill count of migration 1 done: 25 rows in 3 batches in \\d+ ms \\(\\d+ rows/s\\)");
	}

	@Test
	void aFailingCountValidationFailsTheMigrationWithTheCountAndLeavesTheBackfillRunning() {
		items(20);
		Backfill backfill = counting().where("id <= 15")
			.batchSize(10)
			.validate("items not counted", "SELECT COUNT(*) FROM " + table("items") + " WHERE counter = ?", 0)
			.build();
		assertThatExceptionOfType(BackfillValidationException.class)
			.isThrownBy(() -> migrate(migration("1", backfill::run)))
			.withMessageStartingWith("Backfill 'count' of migration 1 failed its validation: 5 rows of "
					+ "'items not counted' remain (expected 0)")
			.withMessageContaining("rows done: 15")
			.withMessageContaining("last key: [15]")
			.withMessageContaining("run repair (Migrator.repair()) and migrate again")
			.satisfies((ex) -> assertThat(ex.getProblems()).hasSize(1));
		assertThat(progress("1", "count")).containsEntry("state", "RUNNING").containsEntry("rows_done", 15L);
		assertThat(jdbc().queryForObject("SELECT success FROM " + historyTable() + " WHERE version = '1'",
				Boolean.class))
			.as("a failed non-transactional migration marks the database dirty")
			.isFalse();

		// the data fixed by hand, repaired and run again: it resumes after [15] and now validates
		jdbc().update("UPDATE " + table("items") + " SET counter = 1 WHERE id > 15");
		new Migrator(dataSource(), config().build()).repair();
		this.events.clear();
		migrate(migration("1", backfill::run));
		assertThat(this.events).isEmpty();
		assertThat(progress("1", "count")).containsEntry("state", "DONE").containsEntry("resumed_from", "[15]");
	}

	@Test
	void aFailingCallbackValidationReportsItsProblem() {
		items(3);
		Backfill backfill = counting().validate((jdbc) -> "totals do not match: "
				+ jdbc.queryForObject("SELECT SUM(counter) FROM " + table("items"), Integer.class) + " != 4")
			.build();
		assertThatExceptionOfType(BackfillValidationException.class)
			.isThrownBy(() -> migrate(migration("1", backfill::run)))
			.withMessageStartingWith("Backfill 'count' of migration 1 failed its validation: totals do not match: 3 != 4");
	}

	@Test
	void aLostLockStopsTheBackfillBeforeTheNextBatchCommits() {
		items(50);
		MigrationListener thief = new MigrationListener() {
			@Override
			public void backfillProgress(MigrationDescriptor migration, BackfillProgress progress) {
				if (progress.batch() == 2) {
					// another runner takes the lock over (as after this one was paused past its lease)
					jdbc().update("UPDATE " + lockTable() + " SET fence = fence + 1, locked_by = 'thief'");
				}
			}
		};
		assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> new Migrator(dataSource(),
				config().javaMigration(migration("1", (c) -> counting().batchSize(10).run(c)))
					.listener(recorder())
					.listener(thief)
					.build())
			.migrate()).withMessageContaining("thief");
		assertThat(this.events).hasSize(2);
		assertThat(counters()).containsEntry(1, 20).containsEntry(0, 30);
		assertThat(progress("1", "count")).containsEntry("state", "RUNNING")
			.containsEntry("rows_done", 20L)
			.containsEntry("last_key", "[20]");
		assertThat(jdbc().queryForList("SELECT version FROM " + historyTable() + " WHERE type <> 'BASELINE'", String.class))
			.as("a runner that lost the lock writes no history row")
			.isEmpty();
	}

	@Test
	void aTransactionalMigrationIsRefusedWithAClearError() {
		items(5);
		JavaMigration transactional = new TestMigration("1", true, (c) -> counting().run(c), null);
		assertThatExceptionOfType(MigrationException.class).isThrownBy(() -> migrate(transactional))
			.withMessageContaining("Backfill 'count' cannot run in migration 1, which is transactional")
			.withMessageContaining("Return false from isTransactional()");
		assertThat(counters()).containsOnlyKeys(0);
	}

	@Test
	void aRollbackForgetsTheProgressSoThatApplyingAgainRunsTheBackfillAgain() {
		items(15);
		JavaMigration migration = new TestMigration("1", false, (c) -> counting().batchSize(10).run(c),
				(c) -> c.jdbcTemplate().update("UPDATE " + table("items") + " SET counter = 0"));
		migrate(migration);
		assertThat(counters()).containsOnlyKeys(1);
		new Migrator(dataSource(), config().javaMigration(migration).build()).rollback(RollbackRequest.steps(1, "test"));
		assertThat(counters()).containsOnlyKeys(0);
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM " + progressTable(), Integer.class)).isZero();
		migrate(migration);
		assertThat(counters()).containsOnlyKeys(1);
		assertThat(progress("1", "count")).containsEntry("state", "DONE").containsEntry("runs", 1);
	}

	@ParameterizedTest(name = "transactional={0}")
	@ValueSource(booleans = { true, false })
	void rollingBackAJavaMigrationThatRanNoBackfillNeedsNoProgressTable(boolean transactional) {
		items(3);
		JavaMigration plain = new TestMigration("1", transactional,
				(c) -> c.jdbcTemplate().update("UPDATE " + table("items") + " SET counter = 1"),
				(c) -> c.jdbcTemplate().update("UPDATE " + table("items") + " SET counter = 0"));
		migrate(plain);
		new Migrator(dataSource(), config().javaMigration(plain).build()).rollback(RollbackRequest.steps(1, "test"));
		assertThat(counters()).containsOnlyKeys(0);
		assertThat(jdbc().queryForList("SELECT version FROM " + historyTable() + " WHERE type <> 'BASELINE'", String.class)).isEmpty();
	}

	@Test
	void aCompletedBackfillIsNotRedoneWhenItsMigrationRunsAgainAfterACrashBeforeItsHistoryRow() {
		items(15);
		JavaMigration migration = migration("1", (c) -> counting().batchSize(10).run(c));
		migrate(migration);
		// as if the runner died after the backfill's last commit, before the history row
		jdbc().update("DELETE FROM " + historyTable());
		this.events.clear();
		RunResult again = migrate(migration);
		assertThat(again.migrations()).hasSize(1);
		assertThat(this.events).isEmpty();
		assertThat(counters()).containsOnlyKeys(1).containsEntry(1, 15);
	}

	@Test
	void aRunOutsideTheMigratorIsRefused() throws Exception {
		try (var connection = dataSource().getConnection()) {
			MigrationContext bare = new MigrationContext(connection,
					new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection,
							true)),
					"h2");
			assertThatExceptionOfType(MigrationException.class).isThrownBy(() -> counting().run(bare))
				.withMessageContaining("needs a migration context from the Migrator");
		}
	}

	/** {@code items(id, counter)} with ids 1..n. */
	void items(int n) {
		jdbc().execute("CREATE TABLE " + table("items") + " (id BIGINT PRIMARY KEY, counter INT DEFAULT 0 NOT NULL)");
		List<Object[]> rows = new ArrayList<>();
		for (int i = 1; i <= n; i++) {
			rows.add(new Object[] { i });
		}
		jdbc().batchUpdate("INSERT INTO " + table("items") + " (id) VALUES (?)", rows);
	}

	/** Each batch adds one to its rows' counters. */
	Backfill.Builder counting() {
		return Backfill.named("count").table(table("items")).key("id").update("counter = counter + 1");
	}

	/** counter value to how many rows have it. */
	Map<Integer, Integer> counters() {
		Map<Integer, Integer> counts = new java.util.TreeMap<>();
		jdbc().query("SELECT counter, COUNT(*) FROM " + table("items") + " GROUP BY counter",
				(rs) -> {
					counts.put(rs.getInt(1), rs.getInt(2));
				});
		return counts;
	}

	Map<String, Object> progress(String version, String name) {
		Map<String, Object> row = jdbc().queryForMap("SELECT state, last_key, rows_done, batches, runs, resumed_from "
				+ "FROM " + progressTable() + " WHERE version = ? AND name = ?", version, name);
		Map<String, Object> normalised = new java.util.HashMap<>();
		// keys lower case and numbers as Long/Integer whatever the database reports
		row.forEach((k, v) -> normalised.put(k.toLowerCase(java.util.Locale.ROOT),
				(v instanceof Number n) ? (k.equalsIgnoreCase("runs") ? (Object) n.intValue() : (Object) n.longValue())
						: v));
		return normalised;
	}

	RunResult migrate(JavaMigration migration) {
		return new Migrator(dataSource(), config().javaMigration(migration).listener(recorder()).build()).migrate();
	}

	MigrationListener recorder() {
		return new MigrationListener() {
			@Override
			public void backfillProgress(MigrationDescriptor migration, BackfillProgress progress) {
				AbstractBackfillTests.this.eventNanos.add(System.nanoTime());
				AbstractBackfillTests.this.events.add(progress);
			}
		};
	}

	static JavaMigration migration(String version, Up up) {
		return new TestMigration(version, false, up, null);
	}

	@FunctionalInterface
	interface Up {

		void run(MigrationContext context) throws Exception;

	}

	/**
	 * A Java migration made of lambdas.
	 */
	static final class TestMigration implements JavaMigration {

		private final MigrationVersion version;

		private final boolean transactional;

		private final Up up;

		private final @Nullable Up down;

		TestMigration(String version, boolean transactional, Up up, @Nullable Up down) {
			this.version = MigrationVersion.parse(version);
			this.transactional = transactional;
			this.up = up;
			this.down = down;
		}

		@Override
		public MigrationVersion getVersion() {
			return this.version;
		}

		@Override
		public String getName() {
			return "backfill_test";
		}

		@Override
		public void up(MigrationContext context) throws Exception {
			this.up.run(context);
		}

		@Override
		public void down(MigrationContext context) throws Exception {
			if (this.down != null) {
				this.down.run(context);
			}
		}

		@Override
		public boolean isReversible() {
			return this.down != null;
		}

		@Override
		public boolean isTransactional() {
			return this.transactional;
		}

	}

}
