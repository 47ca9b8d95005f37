package io.github.migrations.adopt;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationAdoptionException;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.ValidationProblem;
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
 * The histories of sql-migrate, goose and golang-migrate, in tables made with each tool's own
 * DDL, become ours on the first run; golang-migrate's table, which has our default name, is
 * recognised and never read as ours; an import cut off between its statements leaves nothing,
 * and the next run imports cleanly.
 */
class ForeignHistoryImportPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "fh");

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	@BeforeEach
	void threeMigrations() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = this.testSchema.jdbc();
		this.schema = this.testSchema.name();
		this.files.migration("20240101120000_create_customer.sql",
				"CREATE TABLE customer (id bigint PRIMARY KEY);", "DROP TABLE customer;");
		this.files.migration("20240102120000_add_email.sql", "ALTER TABLE customer ADD COLUMN email text;",
				"ALTER TABLE customer DROP COLUMN email;");
		this.files.migration("20240103120000_create_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);",
				"DROP TABLE orders;");
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(2))
			.lockWaitTimeout(Duration.ofSeconds(30));
	}

	/**
	 * What the other tool left: the first two migrations' tables.
	 */
	private void appliedByTheOtherTool() {
		this.jdbc.execute("CREATE TABLE " + this.schema + ".customer (id bigint PRIMARY KEY, email text)");
	}

	private void sqlMigrateApplied() {
		appliedByTheOtherTool();
		// sql-migrate's table, as gorp creates it for PostgreSQL
		this.jdbc.execute("CREATE TABLE " + this.schema
				+ ".gorp_migrations (id text NOT NULL PRIMARY KEY, applied_at timestamp with time zone)");
		this.jdbc.update("INSERT INTO " + this.schema + ".gorp_migrations VALUES "
				+ "('20240101120000_create_customer.sql', '2024-01-01 12:00:05+00'), "
				+ "('20240102120000_add_email.sql', '2024-01-02 12:00:05+00')");
	}

	@Test
	void sqlMigratesHistoryIsImportedWithItsTimesAndDownSections() {
		sqlMigrateApplied();
		List<Map<String, Object>> before = this.jdbc.queryForList("SELECT * FROM " + this.schema + ".gorp_migrations");
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());
		// before the first run, the status already reads the foreign history as ours, writing nothing
		assertThat(migrator.status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.APPLIED, MigrationState.PENDING);
		assertThat(this.testSchema.tableExists("schema_migrations")).isFalse();
		RunResult result = migrator.migrate();

		assertThat(result.imported()).isNotNull();
		assertThat(result.imported().source()).isEqualTo(HistoryImport.SQL_MIGRATE);
		assertThat(result.imported().rows()).isEqualTo(2);
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("20240103120000");
		Map<String, MigrationInfo> status = byVersion(migrator.status().migrations());
		assertThat(status.values()).extracting(MigrationInfo::state).containsOnly(MigrationState.APPLIED);
		assertThat(status.get("20240101120000").executedAt())
			.isEqualTo(OffsetDateTime.of(2024, 1, 1, 12, 0, 5, 0, ZoneOffset.UTC));
		assertThat(status.get("20240102120000").reversible()).isTrue();
		assertThat(this.jdbc.queryForList("SELECT * FROM " + this.schema + ".gorp_migrations")).isEqualTo(before);
	}

	@Test
	void goosesHistoryIsImportedFromTheLastStateOfEachVersion() {
		appliedByTheOtherTool();
		// goose's table for PostgreSQL
		this.jdbc.execute("CREATE TABLE " + this.schema + ".goose_db_version (id serial NOT NULL, "
				+ "version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL default now(), "
				+ "PRIMARY KEY(id))");
		// goose's own row 0; the third applied, then rolled back
		this.jdbc.update("INSERT INTO " + this.schema + ".goose_db_version (version_id, is_applied) VALUES "
				+ "(0, true), (20240101120000, true), (20240102120000, true), (20240103120000, true), "
				+ "(20240103120000, false)");
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());
		RunResult result = migrator.migrate();

		assertThat(result.imported()).isNotNull();
		assertThat(result.imported().source()).isEqualTo(HistoryImport.GOOSE);
		assertThat(result.imported().rows()).isEqualTo(2);
		assertThat(result.imported().skipped()).isEqualTo(1);
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("20240103120000");
		assertThat(this.testSchema.historyVersions()).containsExactly("20240101120000", "20240102120000",
				"20240103120000");
	}

	private void golangMigrateApplied(boolean dirty) {
		appliedByTheOtherTool();
		// golang-migrate's table for PostgreSQL: this starter's default history table name
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + this.schema
				+ ".schema_migrations (version bigint not null primary key, dirty boolean not null)");
		this.jdbc.update("INSERT INTO " + this.schema + ".schema_migrations VALUES (20240102120000, ?)", dirty);
	}

	@Test
	void golangMigratesTableUnderOurNameIsNeverReadAsOursNorWritten() {
		golangMigrateApplied(false);
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().build());

		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("is golang-migrate's version table")
			.withMessageContaining("Set migrations.table to another name")
			.satisfies((ex) -> assertThat(ex.getTable()).isEqualTo("\"" + this.schema + "\".\"schema_migrations\""));
		assertThatExceptionOfType(MigrationAdoptionException.class).isThrownBy(migrator::status)
			.withMessageContaining("golang-migrate");
		assertThat(this.jdbc.queryForList("SELECT * FROM " + this.schema + ".schema_migrations"))
			.containsExactly(Map.of("version", 20240102120000L, "dirty", false));
	}

	@Test
	void golangMigratesTableIsImportedIntoAHistoryOfAnotherName() {
		golangMigrateApplied(false);
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().table("migrations_history").build());
		RunResult result = migrator.migrate();

		assertThat(result.imported().source()).isEqualTo(HistoryImport.GOLANG_MIGRATE);
		assertThat(result.imported().rows()).isEqualTo(2);
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("20240103120000");
		assertThat(this.jdbc.queryForList("SELECT version FROM " + this.schema + ".migrations_history ORDER BY id",
				String.class))
			.containsExactly("20240101120000", "20240102120000", "20240103120000");
		assertThat(this.jdbc.queryForList("SELECT * FROM " + this.schema + ".schema_migrations"))
			.containsExactly(Map.of("version", 20240102120000L, "dirty", false));
	}

	@Test
	void aDirtyGolangMigrateVersionImportsAsFailed() {
		golangMigrateApplied(true);
		Migrator migrator = new Migrator(this.testSchema.dataSource(), config().table("migrations_history").build());

		assertThatExceptionOfType(MigrationValidationException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getProblems()).extracting(ValidationProblem::kind)
				.containsExactly(ValidationProblem.Kind.DIRTY));
		Map<String, MigrationInfo> status = byVersion(migrator.status().migrations());
		assertThat(status.get("20240101120000").state()).isEqualTo(MigrationState.APPLIED);
		assertThat(status.get("20240102120000").state()).isEqualTo(MigrationState.FAILED);
		assertThat(status.get("20240103120000").state()).isEqualTo(MigrationState.PENDING);
	}

	@Test
	void anImportCutOffBetweenItsStatementsLeavesNothingAndTheNextRunImportsCleanly() {
		sqlMigrateApplied();
		AtomicBoolean killed = new AtomicBoolean();
		Migrator cutOff = new Migrator(killedAtTheHistoryInsert(this.testSchema.dataSource(), killed), config().build());

		assertThatExceptionOfType(MigrationException.class).isThrownBy(cutOff::migrate)
			.withMessageContaining("Database access failed");
		assertThat(killed).isTrue();
		// the table was created in the transaction that died with the connection
		assertThat(this.testSchema.tableExists("schema_migrations")).isFalse();
		assertThat(this.testSchema.tableExists("schema_migrations_audit")).isFalse();

		RunResult result = new Migrator(this.testSchema.dataSource(), config().build()).migrate();
		assertThat(result.imported()).isNotNull();
		assertThat(result.imported().rows()).isEqualTo(2);
		assertThat(this.testSchema.historyVersions()).containsExactly("20240101120000", "20240102120000",
				"20240103120000");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".schema_migrations_audit",
				Integer.class)).isEqualTo(1);
	}

	/**
	 * Connections on which the import's last statement (the audit row, after the history table
	 * was created and filled and the audit table created, all in the import's transaction) finds
	 * its backend terminated from another connection ({@code pg_terminate_backend}), as when the
	 * server or the process dies between statements.
	 */
	private DataSource killedAtTheHistoryInsert(DataSource target, AtomicBoolean killed) {
		return new AbstractDataSource() {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = target.getConnection();
				return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							Object result = invoke(method, connection, args);
							if (method.getName().equals("prepareStatement") && ((String) args[0])
								.startsWith("INSERT INTO \"" + ForeignHistoryImportPostgresTests.this.schema
										+ "\".schema_migrations_audit ")) {
								terminate(connection, killed);
							}
							return result;
						});
			}

			@Override
			public Connection getConnection(String username, String password) {
				throw new UnsupportedOperationException();
			}

		};
	}

	private static void terminate(Connection victim, AtomicBoolean killed) throws SQLException {
		int pid;
		try (Statement statement = victim.createStatement();
				var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
			rs.next();
			pid = rs.getInt(1);
		}
		try (Connection other = database.connect();
				PreparedStatement statement = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
			statement.setInt(1, pid);
			statement.execute();
		}
		killed.set(true);
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static Map<String, MigrationInfo> byVersion(List<MigrationInfo> infos) {
		return infos.stream().collect(Collectors.toMap((i) -> i.version().toString(), Function.identity()));
	}

}
