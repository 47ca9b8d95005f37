package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.github.migrations.SqlScript.Kind;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The SQL of a migrate, a rollback and an import, recorded by running them over connections that
 * send only reads, against a real PostgreSQL: what they would send, in order, and nothing changed.
 */
class MigratorSqlPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "sq");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void twoMigrations() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
		this.files.write("1_create_users.sql", """
				-- +migrate Up
				CREATE TABLE ${schema}.users (id int);

				INSERT INTO ${schema}.users VALUES (1);
				-- +migrate Down
				DROP TABLE ${schema}.users;
				""");
		this.files.write("2_index_users.sql", """
				-- +migrate Up notransaction
				CREATE INDEX CONCURRENTLY users_id ON ${schema}.users (id);
				-- +migrate Down notransaction
				DROP INDEX CONCURRENTLY ${schema}.users_id;
				""");
	}

	private Migrator migrator() {
		return new Migrator(this.testSchema.dataSource(), MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.placeholders(Map.of("schema", this.schema))
			.lockLease(Duration.ofSeconds(3))
			.build());
	}

	@Test
	void theSqlOfAMigrateIsWhatItWouldSendInOrderAndNothingIsChanged() {
		SqlScript script = migrator().migrateSql();

		List<SqlScript.Statement> statements = script.statements();
		assertThat(script.operation()).isEqualTo("migrate");
		assertThat(script.schema()).isEqualTo(this.schema);
		// the lock first: its table, its row, the acquire (autocommit), and its release last
		int schema = indexOf(statements, (s) -> s.sql().startsWith("CREATE SCHEMA"));
		int lock = indexOf(statements, (s) -> s.kind() == Kind.LOCK);
		assertThat(schema).isNotNegative().isLessThan(lock);
		assertThat(statements).filteredOn((s) -> s.kind() == Kind.LOCK)
			.extracting(SqlScript.Statement::sql)
			.anySatisfy((sql) -> assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("UPDATE").contains("fence = fence + 1"));
		SqlScript.Statement last = statements.get(statements.size() - 1);
		assertThat(last.kind()).isEqualTo(Kind.LOCK);
		assertThat(last.sql()).contains("is_locked = FALSE");
		// the first migration: one transaction, sent as one pipeline: fenced first (a statement that
		// raises when the lock is not ours), its statements with file and line and the placeholder
		// replaced, its history row with the values written in (and the lease extended if it aged),
		// COMMIT
		List<SqlScript.Statement> first = statements.stream()
			.filter((s) -> "1 create_users (up)".equals(s.migration()))
			.toList();
		assertThat(first).extracting(SqlScript.Statement::kind)
			.containsExactly(Kind.TRANSACTION, Kind.LOCK, Kind.MIGRATION, Kind.MIGRATION, Kind.HISTORY,
					Kind.TRANSACTION);
		assertThat(first.get(0).sql()).isEqualTo("BEGIN");
		assertThat(first.get(1).sql()).startsWith("DO ").contains("RAISE EXCEPTION");
		assertThat(first.get(2).sql()).isEqualTo("CREATE TABLE " + this.schema + ".users (id int)");
		assertThat(first.get(2).source()).endsWith("1_create_users.sql:2");
		assertThat(first.get(3).source()).endsWith("1_create_users.sql:4");
		assertThat(first.get(4).sql()).startsWith("WITH before_insert AS (UPDATE")
			.contains("lease_expires_at <")
			.contains("INSERT INTO")
			.contains("E'1', E'create_users', E'SQL'");
		assertThat(first.get(5).sql()).isEqualTo("COMMIT");
		assertThat(first).noneMatch(SqlScript.Statement::autocommit);
		// the notransaction one: autocommit, the fence proven before the step (the proof stands for its
		// first statement: nothing ran in between) and again before its row
		List<SqlScript.Statement> second = statements.stream()
			.filter((s) -> "2 index_users (up)".equals(s.migration()))
			.toList();
		assertThat(second).extracting(SqlScript.Statement::kind)
			.containsExactly(Kind.LOCK, Kind.MIGRATION, Kind.LOCK, Kind.HISTORY);
		assertThat(second).allMatch(SqlScript.Statement::autocommit);
		assertThat(second.get(1).sql()).startsWith("CREATE INDEX CONCURRENTLY users_id");

		String text = script.render();
		assertThat(text).contains("-- lock (autocommit)\nUPDATE", "-- migration 1 create_users (up)\n-- begin transaction\nBEGIN;",
				"-- history\nWITH before_insert AS (UPDATE", "1_create_users.sql:2\nCREATE TABLE " + this.schema + ".users (id int);",
				"-- end transaction", "1_create_users.sql:2 (autocommit)".replace("1_create_users.sql:2", "2_index_users.sql:2"));

		// nothing was created: no lock table, no history, no users
		assertThat(this.testSchema.tableExists("migration_lock")).isFalse();
		assertThat(this.testSchema.tableExists("schema_migrations")).isFalse();
		assertThat(this.testSchema.tableExists("users")).isFalse();
	}

	private static int indexOf(List<SqlScript.Statement> statements, Predicate<SqlScript.Statement> which) {
		for (int i = 0; i < statements.size(); i++) {
			if (which.test(statements.get(i))) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void aMigrateWithNothingPendingSendsNothing() {
		migrator().migrate();

		SqlScript script = migrator().migrateSql();

		assertThat(script.isEmpty()).isTrue();
		assertThat(script.render()).contains("-- nothing to do");
	}

	@Test
	void thePreflightChecksReadTheRealDatabaseForAMigrationOnAnExistingTable() {
		migrator().migrate();
		this.files.write("3_add_email.sql", "ALTER TABLE ${schema}.users ADD COLUMN email text;");

		SqlScript script = migrator().migrateSql();

		assertThat(script.statements()).filteredOn((s) -> s.kind() == Kind.MIGRATION)
			.extracting(SqlScript.Statement::sql)
			.containsExactly("ALTER TABLE " + this.schema + ".users ADD COLUMN email text");
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2");
	}

	@Test
	void theSqlOfARollbackIsTheStoredDownSqlAndTheHistoryDeletesAndNothingIsReverted() {
		migrator().migrate();

		SqlScript script = migrator().rollbackSql(RollbackRequest.steps(2, "test").confirmed());

		List<String> migrations = script.statements()
			.stream()
			.map(SqlScript.Statement::migration)
			.filter((m) -> m != null)
			.distinct()
			.toList();
		assertThat(migrations).containsExactly("2 index_users (down)", "1 create_users (down)");
		assertThat(script.statements()).filteredOn((s) -> s.kind() == Kind.MIGRATION)
			.extracting(SqlScript.Statement::sql, SqlScript.Statement::autocommit)
			.containsExactly(tuple("DROP INDEX CONCURRENTLY " + this.schema + ".users_id", true),
					tuple("DROP TABLE " + this.schema + ".users", false));
		assertThat(script.statements()).filteredOn((s) -> s.kind() == Kind.HISTORY)
			.extracting(SqlScript.Statement::sql)
			.anySatisfy((sql) -> assertThat(sql).startsWith("DELETE FROM").endsWith("'1'"));
		assertThat(script.statements()).anyMatch((s) -> s.kind() == Kind.AUDIT);
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2");
		assertThat(this.testSchema.tableExists("users")).isTrue();
		assertThat(this.testSchema.tableExists("schema_migrations_audit")).isFalse();
	}

	@Test
	void aRefusedRollbackIsRefusedAsTheRollbackWouldBe() {
		migrator().migrate();

		assertThatExceptionOfType(MigrationException.class)
			.isThrownBy(() -> migrator().rollbackSql(RollbackRequest.lastBatch("test")))
			.withMessageContaining("every applied migration");
		assertThat(this.testSchema.historyVersions()).containsExactly("1", "2");
	}

	@Test
	void aPendingJavaMigrationIsRefusedAndItsCodeNeverRuns() {
		boolean[] ran = { false };
		JavaMigration java = new JavaMigration() {

			@Override
			public MigrationVersion getVersion() {
				return MigrationVersion.parse("3");
			}

			@Override
			public String getName() {
				return "java";
			}

			@Override
			public void up(MigrationContext context) {
				ran[0] = true;
			}

		};
		Migrator migrator = new Migrator(this.testSchema.dataSource(), MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.placeholders(Map.of("schema", this.schema))
			.javaMigrations(List.of(java))
			.build());

		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrateSql)
			.withMessageContaining("Cannot show the SQL of Java migration 3 java");
		assertThat(ran[0]).isFalse();
		assertThat(this.testSchema.tableExists("users")).isFalse();
	}

	@Test
	void aForeignHistoryIsImportedAloneAndItsSqlShownBefore() {
		this.jdbc.execute("CREATE TABLE " + this.schema + ".users (id int)");
		this.jdbc.execute("CREATE TABLE " + this.schema + ".gorp_migrations (id varchar(255) PRIMARY KEY, "
				+ "applied_at timestamp with time zone)");
		this.jdbc.update("INSERT INTO " + this.schema + ".gorp_migrations VALUES ('1_create_users.sql', now())");

		SqlScript script = migrator().importSql();

		assertThat(script.statements()).filteredOn((s) -> s.kind() == Kind.HISTORY)
			.extracting(SqlScript.Statement::sql)
			.anySatisfy((sql) -> assertThat(sql).startsWith("CREATE TABLE"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("INSERT INTO").contains("'1', 'create_users'"));
		assertThat(this.testSchema.tableExists("schema_migrations")).isFalse();

		ImportedHistory imported = migrator().importHistory();

		assertThat(imported.source()).isEqualTo(HistoryImport.SQL_MIGRATE);
		assertThat(imported.rows()).isEqualTo(1);
		assertThat(this.testSchema.historyVersions()).containsExactly("1");
		// nothing was applied: 2 is still pending
		assertThat(migrator().status().pending()).extracting((m) -> m.version().toString()).containsExactly("2");
		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(() -> migrator().importHistory())
			.withMessageContaining("Nothing to import");
	}

	@Test
	void golangMigratesTableUnderOurNameIsExplainedNotTakenForOurs() {
		this.jdbc.execute("CREATE TABLE " + this.schema + ".schema_migrations (version bigint NOT NULL PRIMARY KEY, "
				+ "dirty boolean NOT NULL)");

		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(() -> migrator().importHistory())
			.withMessageContaining("golang-migrate's version table")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("migrations.table"));
	}

	@Test
	void aSchemaWithoutForeignHistoryHasNothingToImport() {
		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(() -> migrator().importHistory())
			.withMessageContaining("No history of another tool to import");
	}

}
