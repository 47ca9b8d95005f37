package io.github.migrations.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;
import io.github.migrations.history.SchemaHistory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every database's {@link Dialect} must get right, run once per database by a subclass in
 * the vendor's test package: our tables' DDL, quoting, the current schema, the session reset and
 * what an error means. Each test works in a schema of its own.
 */
public abstract class AbstractDialectContractTests {

	private static final AtomicInteger schemas = new AtomicInteger();

	/** The test's schema, as the database names it (unquoted). */
	protected String schema = "";

	/**
	 * The dialect under test.
	 */
	protected abstract Dialect dialect();

	/**
	 * Where the database is; every call may hand out a new connection.
	 */
	protected abstract DataSource dataSource();

	/**
	 * A query that runs for many seconds unless cancelled.
	 */
	protected abstract String slowQuery();

	/**
	 * The statement that makes unqualified names of this session resolve in {@code schema}.
	 */
	protected abstract String searchPath(String schema);

	/**
	 * The statement that makes this session wait at most {@code millis} for a row lock.
	 */
	protected abstract String lockTimeout(int millis);

	/**
	 * The name a schema created as {@code name} is known by (a database may fold case).
	 */
	protected String folded(String name) {
		return name;
	}

	/**
	 * The name of the {@code n}th schema a test creates (where a schema is a database of the
	 * server, a subclass names it so that its fixture drops it).
	 */
	protected String schemaName(int n) {
		return folded("dialect_" + n);
	}

	@BeforeEach
	void newSchema() throws SQLException {
		this.schema = schemaName(schemas.incrementAndGet());
		execute(dialect().createSchema(dialect().quote(this.schema)));
	}

	@Test
	void createsOurTablesAndCreatingThemAgainChangesNothing() throws SQLException {
		for (int i = 0; i < 2; i++) {
			execute(dialect().createHistoryTable(table("schema_migrations")));
			execute(dialect().createAuditTable(table("schema_migrations_audit")));
			execute(dialect().createBackfillTable(table("schema_migrations_backfill")));
			execute(dialect().lockSql().createTable(table("migration_lock")));
		}
		for (String name : List.of("schema_migrations", "schema_migrations_audit", "schema_migrations_backfill",
				"migration_lock")) {
			assertThat(count(table(name))).as(name).isZero();
		}
	}

	@Test
	void historyTableKeepsDownSqlOfAnyLengthAndStampsTheRow() throws SQLException {
		SchemaHistory history = new SchemaHistory(dialect(), this.schema, "schema_migrations");
		String down = "DROP TABLE t;\n".repeat(20_000);
		try (Connection connection = dataSource().getConnection()) {
			history.createIfMissing(connection);
			history.insert(connection, new AppliedMigration(MigrationVersion.parse("1"), "first", MigrationKind.SQL,
					"abc", null, 12, 1, "tester", true, down, false));
			List<AppliedMigration> rows = history.readAll(connection);
			assertThat(rows).singleElement().satisfies((row) -> {
				assertThat(row.rollbackSql()).isEqualTo(down);
				assertThat(row.executedAt()).isNotNull();
				assertThat(row.downTransactional()).isFalse();
			});
		}
	}

	@Test
	void repeatableRowsHaveNoVersionAreReplacedByNameAndStayOutOfTheVersionedReads() throws SQLException {
		SchemaHistory history = new SchemaHistory(dialect(), this.schema, "schema_migrations");
		OffsetDateTime imported = OffsetDateTime.parse("2021-03-04T05:06:07Z");
		try (Connection connection = dataSource().getConnection()) {
			history.createIfMissing(connection);
			history.insert(connection, new AppliedMigration(MigrationVersion.parse("1"), "first", MigrationKind.SQL,
					"abc", null, 12, 1, "tester", true, null, true));
			history.recordRepeatable(connection,
					new AppliedRepeatable("views", "old", imported, 5, 1, "flyway", true));
			history.recordRepeatable(connection, new AppliedRepeatable("grants", "g", null, 1, 1, "tester", true));
			assertThat(history.readRepeatables(connection)).extracting(AppliedRepeatable::name)
				.containsExactly("grants", "views");
			assertThat(history.readRepeatables(connection).get(1).executedAt().toInstant())
				.as("an imported row keeps its time")
				.isEqualTo(imported.toInstant());

			history.recordRepeatable(connection, new AppliedRepeatable("views", "new", null, 7, 2, "tester", true));

			assertThat(history.readRepeatables(connection)).extracting(AppliedRepeatable::name,
					AppliedRepeatable::checksum, AppliedRepeatable::batch)
				.containsExactly(tuple("grants", "g", 1), tuple("views", "new", 2));
			assertThat(history.readAll(connection)).extracting(AppliedMigration::name).containsExactly("first");
			assertThat(history.readForCheckIfExists(connection)).extracting(AppliedMigration::name)
				.containsExactly("first");
			assertThat(history.allowRepeatables(connection)).as("a new table needs no change").isFalse();
		}
	}

	@Test
	void quotedIdentifiersKeepCaseAndQuotes() throws SQLException {
		String name = "Mixed \"Case\" name";
		execute("CREATE TABLE " + table(name) + " (id INTEGER)");
		assertThat(count(table(name))).isZero();
	}

	@Test
	void currentSchemaNamesWhereUnqualifiedTablesAreCreated() throws SQLException {
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			String current = dialect().currentSchema(connection);
			statement.execute("CREATE TABLE current_schema_probe_" + this.schema + " (id INTEGER)");
			assertThat(count(dialect().quote(current) + "." + folded("current_schema_probe_" + this.schema)))
				.isZero();
		}
	}

	@Test
	void theSchemaRightAfterDetectionIsTheConnectionsCurrentSchema() throws SQLException {
		try (Connection connection = dataSource().getConnection()) {
			Dialect detected = Dialects.detect(connection);
			String schema = detected.currentSchemaAfterDetection(connection);
			assertThat(schema).isNotBlank().isEqualTo(detected.currentSchema(connection));
		}
	}

	@Test
	void missingTableAndMissingSchemaAreTellable() {
		SQLException table = failure("SELECT * FROM " + table("no_such_table"));
		assertThat(dialect().isMissingTable(table)).isTrue();
		assertThat(dialect().lockSql().isUndefinedTable(table)).isTrue();
		assertThat(dialect().isLockTimeout(table)).isFalse();
		assertThat(dialect().isConnectionLost(table)).isFalse();
		assertThat(dialect().isCancelled(table)).isFalse();
		SQLException schema = failure("SELECT * FROM " + dialect().quote(folded("no_such_schema")) + ".t");
		assertThat(dialect().isMissingTable(schema)).isTrue();
	}

	@Test
	void lockTableCreatedTwiceAtOnceIsTellable() throws SQLException {
		execute(dialect().lockSql().createTable(table("migration_lock")));
		execute(dialect().lockSql().insertRow(table("migration_lock")));
		SQLException duplicate = failure("INSERT INTO " + table("migration_lock")
				+ " (id, is_locked, fence) VALUES (1, FALSE, 1)");
		assertThat(dialect().lockSql().isAlreadyExists(duplicate)).isTrue();
	}

	@Test
	void resetSessionUndoesASearchPathChange() throws SQLException {
		String only = folded("only_here");
		execute("CREATE TABLE " + table(only) + " (id INTEGER)");
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(searchPath(this.schema));
			statement.executeQuery("SELECT COUNT(*) FROM " + only).close();
			dialect().resetSession(connection);
			SQLException gone = catchThrowableOfType(SQLException.class,
					() -> statement.executeQuery("SELECT COUNT(*) FROM " + only).close());
			assertThat((Throwable) gone).isNotNull();
			assertThat(dialect().isMissingTable(gone)).isTrue();
		}
	}

	@Test
	void cancelledStatementIsTellable() throws Exception {
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
				try {
					Thread.sleep(300);
					statement.cancel();
				}
				catch (SQLException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			SQLException cancelled = catchThrowableOfType(SQLException.class,
					() -> statement.executeQuery(slowQuery()).close());
			cancel.get(10, TimeUnit.SECONDS);
			assertThat((Throwable) cancelled).isNotNull();
			assertThat(dialect().isCancelled(cancelled)).isTrue();
			assertThat(dialect().isLockTimeout(cancelled)).isFalse();
			assertThat(dialect().isMissingTable(cancelled)).isFalse();
		}
	}

	@Test
	void waitingForARowLockPastTheLockTimeoutIsTellable() throws SQLException {
		execute("CREATE TABLE " + table("contended") + " (id INTEGER PRIMARY KEY, n INTEGER)");
		execute("INSERT INTO " + table("contended") + " VALUES (1, 0)");
		try (Connection holder = dataSource().getConnection();
				Connection waiter = dataSource().getConnection();
				Statement holding = holder.createStatement();
				Statement waiting = waiter.createStatement()) {
			holder.setAutoCommit(false);
			holding.executeUpdate("UPDATE " + table("contended") + " SET n = 1 WHERE id = 1");
			waiting.execute(lockTimeout(200));
			SQLException timeout = catchThrowableOfType(SQLException.class,
					() -> waiting.executeUpdate("UPDATE " + table("contended") + " SET n = 2 WHERE id = 1"));
			holder.rollback();
			assertThat((Throwable) timeout).isNotNull();
			assertThat(dialect().isLockTimeout(timeout)).isTrue();
			assertThat(dialect().isCancelled(timeout)).isFalse();
			assertThat(dialect().isConnectionLost(timeout)).isFalse();
		}
	}

	/**
	 * The table in the test's schema, quoted.
	 */
	protected String table(String name) {
		return dialect().quote(this.schema) + "." + dialect().quote(name);
	}

	protected void execute(String sql) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	protected SQLException failure(String sql) {
		SQLException failure = catchThrowableOfType(SQLException.class, () -> execute(sql));
		assertThat((Throwable) failure).as(sql).isNotNull();
		return failure;
	}

	private int count(String table) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement();
				var rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
