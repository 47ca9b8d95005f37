package io.github.migrations;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pipelined execution on a real PostgreSQL: a transactional migration's fence, statements,
 * history row and commit go out as one batch; the fence raises when the lock is not ours, so
 * nothing after it runs; a failing statement is still named by file, line and SQLState; the
 * statements that cannot ride in a batch run by themselves.
 */
class MigratorPipelinePostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "p");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void freshSchema() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
	}

	private MigratorConfig.Builder config() {
		// a long lease: the heartbeat (every third of it) never runs within a test, so only the
		// fence in the pipeline can notice a takeover
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(60))
			.lockWaitTimeout(Duration.ofSeconds(10));
	}

	@Test
	void aMigrationOfPlainStatementsIsOneBatchWithItsFenceHistoryRowAndCommit() {
		String s = this.schema;
		this.files.migration("1_create.sql", "CREATE TABLE " + s + ".a (id int);\nCREATE INDEX a_id ON " + s
				+ ".a (id);\nINSERT INTO " + s + ".a VALUES (1), (2);", "DROP TABLE " + s + ".a;");
		CountingDataSource counting = new CountingDataSource(database.dataSource());

		RunResult result = new Migrator(counting, config().build()).migrate();

		assertThat(result.successful()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + s + ".a", Integer.class)).isEqualTo(2);
		assertThat(this.testSchema.historyVersions()).containsExactly("1");
		// the connection the migration ran on sent one batch: fence, 3 statements, the history row
		// (with the lease extension), COMMIT; before it only the run's one question whether commits
		// may wait for synchronous standbys (a commit timeout is set by default)
		List<String> migrationCalls = counting.callsOfConnectionThat("executeBatch");
		assertThat(migrationCalls).containsExactly("execute", "executeBatch(6)");
	}

	@Test
	void theStepsOfARunShareOneConnectionTransactionalOrNot() {
		String s = this.schema;
		for (int i = 1; i <= 4; i++) {
			this.files.migration(i + "_create.sql", "CREATE TABLE " + s + ".t" + i + " (id int);",
					"DROP TABLE " + s + ".t" + i + ";");
		}
		this.files.write("5_index.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY t1_id ON " + s
				+ ".t1 (id);\n");
		this.files.migration("6_create.sql", "CREATE TABLE " + s + ".t6 (id int);", "DROP TABLE " + s + ".t6;");
		CountingDataSource counting = new CountingDataSource(database.dataSource());

		new Migrator(counting, config().build()).migrate();

		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2", "3", "4", "5", "6");
		// one connection ran every migration (a data source without a pool opens no connection per
		// migration): the standby question; four batches (fence, statement, history row, COMMIT);
		// the index in auto-commit (its proof standing from the last commit) and its history row;
		// a batch
		assertThat(counting.callsOfConnectionThat("executeBatch")).containsExactly("execute", "executeBatch(4)",
				"executeBatch(4)", "executeBatch(4)", "executeBatch(4)", "execute", "execute", "executeBatch(4)");
	}

	@Test
	void theHistoryRowRecordsTheServersExecutionTimeAndTheRowsValuesAsWritten() {
		String s = this.schema;
		this.files.write("1_quotes.sql", "-- +migrate Up\nCREATE TABLE " + s + ".q (t text);\n\n"
				+ "-- +migrate Down\nDELETE FROM " + s + ".q WHERE t = 'it''s a \\ backslash; {fn now()} ?';\n"
				+ "DROP TABLE " + s + ".q;\n");

		new Migrator(database.dataSource(), config().build()).migrate();

		Map<String, Object> row = this.jdbc.queryForMap("SELECT * FROM " + s + ".schema_migrations");
		assertThat((String) row.get("rollback_sql")).contains("'it''s a \\ backslash; {fn now()} ?'");
		assertThat(((Number) row.get("execution_time_ms")).longValue()).isNotNegative();
		assertThat(row.get("installed_by")).isEqualTo("postgres");
		assertThat(row.get("success")).isEqualTo(true);
	}

	@Test
	void aPipelineFencedOutBetweenThePlanAndItsMigrationAppliesNothing() {
		String s = this.schema;
		this.files.migration("1_a.sql", "CREATE TABLE " + s + ".a (id int);", "DROP TABLE " + s + ".a;");
		this.files.migration("2_b.sql", "CREATE TABLE " + s + ".b (id int);\nINSERT INTO " + s + ".b VALUES (1);",
				"DROP TABLE " + s + ".b;");
		MigrationListener intruder = new MigrationListener() {
			@Override
			public void migrationStarted(MigrationDescriptor migration, Direction direction) {
				if ("b".equals(migration.name())) {
					// another runner takes over (a new fence) after the plan, before the migration
					MigratorPipelinePostgresTests.this.jdbc.update("UPDATE " + s + ".migration_lock SET fence = fence + 1, "
							+ "locked_by = 'intruder', locked_at = now(), lease_expires_at = now() + interval '1 minute'");
				}
			}
		};

		assertThatExceptionOfType(LockLostException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().listener(intruder).build()).migrate())
			.withMessageContaining("migration 2 b")
			.withMessageContaining("intruder");

		assertThat(this.testSchema.tableExists("a")).isTrue();
		assertThat(this.testSchema.tableExists("b")).isFalse();
		assertThat(this.testSchema.historyVersions()).containsExactly("1");
		assertThat(this.jdbc.queryForObject("SELECT locked_by FROM " + s + ".migration_lock", String.class))
			.isEqualTo("intruder");
	}

	@Test
	void aPipelineWhoseLockRowIsGoneAppliesNothing() {
		String s = this.schema;
		this.files.migration("1_a.sql", "CREATE TABLE " + s + ".a (id int);", "DROP TABLE " + s + ".a;");
		MigrationListener deleter = new MigrationListener() {
			@Override
			public void migrationStarted(MigrationDescriptor migration, Direction direction) {
				MigratorPipelinePostgresTests.this.jdbc.update("DELETE FROM " + s + ".migration_lock");
			}
		};

		assertThatExceptionOfType(LockLostException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().listener(deleter).build()).migrate())
			.withMessageContaining("the lock row was deleted");

		assertThat(this.testSchema.tableExists("a")).isFalse();
		assertThat(this.testSchema.historyVersions()).isEmpty();
	}

	@Test
	void aFailingStatementInTheMiddleOfAPipelineIsNamedByFileLineAndSqlStateAndLeavesNothing() {
		String s = this.schema;
		this.files.migration("1_a.sql", "CREATE TABLE " + s + ".a (id int);", "DROP TABLE " + s + ".a;");
		this.files.write("2_broken.sql", "-- +migrate Up\nCREATE TABLE " + s + ".b (id int);\n\nINSERT INTO " + s
				+ ".missing VALUES (1);\nCREATE TABLE " + s + ".c (id int);\n");

		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().build()).migrate())
			.satisfies((ex) -> {
				assertThat(ex.getVersion()).hasToString("2");
				assertThat(ex.getScript()).endsWith("2_broken.sql");
				assertThat(ex.getLine()).isEqualTo(4);
				assertThat(ex.getSqlState()).isEqualTo("42P01");
				assertThat(ex.getMessage()).contains("relation \"" + s + ".missing\" does not exist")
					.doesNotContain("Batch entry")
					.contains("Nothing of it was applied");
			});

		assertThat(this.testSchema.tableExists("a")).isTrue();
		assertThat(this.testSchema.tableExists("b")).isFalse();
		assertThat(this.testSchema.tableExists("c")).isFalse();
		assertThat(this.testSchema.historyVersions()).containsExactly("1");
	}

	@Test
	void statementsThatCannotRideInABatchRunByThemselvesBetweenItsBatches() {
		String s = this.schema;
		this.files.write("1_mixed.sql", "-- +migrate Up\n"
				+ "CREATE TABLE " + s + ".t (id int PRIMARY KEY, name text);\n"
				+ "COPY " + s + ".t (id, name) FROM stdin;\n1\tone\n2\ttwo\n\\.\n"
				+ "CREATE SEQUENCE " + s + ".seq;\n"
				+ "SELECT setval('" + s + ".seq', 42);\n"
				+ "INSERT INTO " + s + ".t VALUES (3, 'three') RETURNING id;\n"
				+ "SET search_path TO " + s + ";\n"
				+ "INSERT INTO t VALUES (4, 'four');\n"
				+ "CREATE FUNCTION " + s + ".one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n"
				+ "DO $$BEGIN INSERT INTO " + s + ".t VALUES (5, 'five'); END$$;\n"
				+ "WITH x AS (SELECT 6 AS id) INSERT INTO " + s + ".t SELECT id, 'six' FROM x;\n");
		CountingDataSource counting = new CountingDataSource(database.dataSource());

		new Migrator(counting, config().build()).migrate();

		assertThat(this.jdbc.queryForList("SELECT name FROM " + s + ".t ORDER BY id", String.class))
			.containsExactly("one", "two", "three", "four", "five", "six");
		assertThat(this.jdbc.queryForObject("SELECT last_value FROM " + s + ".seq", Long.class)).isEqualTo(42);
		assertThat(this.jdbc.queryForObject("SELECT " + s + ".one()", Integer.class)).isEqualTo(1);
		assertThat(this.testSchema.historyVersions()).containsExactly("1");
		// fence + CREATE TABLE; COPY alone; CREATE SEQUENCE; SELECT alone; RETURNING alone; SET alone;
		// INSERT; BEGIN ATOMIC alone (its own ';'); DO, then WITH alone; row (and extension), COMMIT; the
		// session reset after a SET (and before all of it the run's standby question)
		assertThat(counting.callsOfConnectionThat("executeBatch")).containsExactly("execute", "executeBatch(2)",
				"executeBatch(1)", "execute", "execute", "execute", "executeBatch(1)", "execute", "executeBatch(1)",
				"execute", "executeBatch(2)", "execute");
		// the SET changed the session: it was reset before the connection went back
		assertThat(counting.calls().stream().anyMatch((call) -> call.contains("RESET ALL"))).isTrue();
	}

	@Test
	void aFailingStatementAfterOneThatRanByItselfIsStillNamedByItsLine() {
		String s = this.schema;
		this.files.write("1_late.sql", "-- +migrate Up\nCREATE TABLE " + s + ".t (id int PRIMARY KEY);\n"
				+ "SELECT 1;\nINSERT INTO " + s + ".t VALUES (1);\nINSERT INTO " + s + ".t VALUES (1);\n");

		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config().build()).migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(5);
				assertThat(ex.getSqlState()).isEqualTo("23505");
			});
		assertThat(this.testSchema.tableExists("t")).isFalse();
		assertThat(this.testSchema.historyVersions()).isEmpty();
	}

	@Test
	void aMigrationThatUsedAThirdOfTheLeaseExtendsItWithItsHistoryRow() {
		String s = this.schema;
		this.files.write("1_slow.sql", "-- +migrate Up\nCREATE TABLE " + s + ".t (id int);\nSELECT pg_sleep(2.5);\n");
		List<Double> remaining = new CopyOnWriteArrayList<>();
		MigrationListener probe = new MigrationListener() {
			@Override
			public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
				remaining.add(MigratorPipelinePostgresTests.this.jdbc.queryForObject("SELECT extract(epoch FROM "
						+ "lease_expires_at - clock_timestamp()) FROM " + s + ".migration_lock", Double.class));
			}
		};

		// a lease of 6 s: the transaction holds the lock row for 2.5 s, more than a third of it, so the
		// row's statement extends it (the heartbeat's renewals skip the row meanwhile)
		new Migrator(database.dataSource(), config().lockLease(Duration.ofSeconds(6)).listener(probe).build())
			.migrate();

		assertThat(remaining).singleElement().satisfies((seconds) -> assertThat(seconds).isGreaterThan(5.0));
	}

	/**
	 * Records, per connection, the calls that go to the server: statements executed, batches
	 * (with their size).
	 */
	static final class CountingDataSource extends AbstractDataSource {

		private final DataSource target;

		private final Map<Connection, List<String>> calls = new ConcurrentHashMap<>();

		private final List<String> all = new CopyOnWriteArrayList<>();

		CountingDataSource(DataSource target) {
			this.target = target;
		}

		@Override
		public Connection getConnection() throws java.sql.SQLException {
			Connection real = this.target.getConnection();
			List<String> mine = new CopyOnWriteArrayList<>();
			Connection proxy = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { Connection.class }, (self, method, args) -> {
						Object value = invoke(real, method, args);
						if (value instanceof Statement statement) {
							return statement(statement, mine, method.getReturnType());
						}
						return value;
					});
			this.calls.put(proxy, mine);
			return proxy;
		}

		@Override
		public Connection getConnection(String username, String password) {
			throw new UnsupportedOperationException();
		}

		private Object statement(Statement real, List<String> mine, Class<?> type) {
			List<String> batch = new CopyOnWriteArrayList<>();
			return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
				String name = method.getName();
				if (name.equals("addBatch") && args != null && args.length == 1) {
					batch.add((String) args[0]);
				}
				else if (name.equals("executeBatch")) {
					mine.add("executeBatch(" + batch.size() + ")");
					this.all.addAll(batch);
					batch.clear();
				}
				else if (name.startsWith("execute")) {
					mine.add("execute");
					if (args != null && args.length > 0 && args[0] instanceof String sql) {
						this.all.add(sql);
					}
				}
				return invoke(real, method, args);
			});
		}

		private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

		/**
		 * The calls of the (one) connection that made a call starting with {@code first}.
		 */
		List<String> callsOfConnectionThat(String first) {
			List<List<String>> matching = this.calls.values()
				.stream()
				.filter((list) -> list.stream().anyMatch((call) -> call.startsWith(first)))
				.toList();
			assertThat(matching).hasSize(1);
			return matching.get(0);
		}

		List<String> calls() {
			return this.all;
		}

	}

}
