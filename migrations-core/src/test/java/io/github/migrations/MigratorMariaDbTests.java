package io.github.migrations;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine end to end on MariaDB: apply, record, re-run, status, validate and roll back
 * migrations with DDL and DML, files chosen by {@code {vendor}}; a failing migration of DML only
 * leaves nothing behind; one with DDL (which commits by itself) runs statement by statement, says
 * which statements took effect, is dirty, and runs again after repair. Each test works in a
 * database of its own.
 */
class MigratorMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	@TempDir
	Path directory;

	MigrationFiles files;

	String schema;

	JdbcTemplate jdbc;

	@BeforeEach
	void freshSchema() {
		this.files = new MigrationFiles(this.directory);
		this.schema = db.schema("m" + (++schemas));
		this.jdbc = new JdbcTemplate(db.dataSource());
		this.jdbc.execute("CREATE DATABASE " + this.schema);
	}

	Migrator migrator() {
		return new Migrator(db.dataSource(this.schema), MigratorConfig.builder()
			.locations(this.files.location() + "/common", this.files.location() + "/{vendor}")
			.lockLease(Duration.ofSeconds(2))
			.build());
	}

	@Test
	void appliesRecordsReRunsValidatesAndRollsBack() {
		this.files.migration("common/1_users.sql", "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100));",
				"DROP TABLE users;");
		this.files.migration("mariadb/2_prefs.sql", """
				CREATE TABLE `user;preferences` (user_id BIGINT, prefs VARCHAR(4000)) # a comment; here
				;
				INSERT INTO users VALUES (1, 'a; b\\'s');""", "DROP TABLE `user;preferences`;\nDELETE FROM users;");
		this.files.migration("postgresql/2_prefs.sql", "CREATE TABLE wrong (id int);", "DROP TABLE wrong;");
		RunResult result = migrator().migrate();
		assertThat(result.migrations()).extracting(MigrationDescriptor::name).containsExactly("users", "prefs");
		assertThat(this.jdbc.queryForObject("SELECT name FROM " + this.schema + ".users", String.class))
			.isEqualTo("a; b's");
		assertThat(versions()).containsExactly("1", "2");
		assertThat(migrator().migrate().migrations()).isEmpty();
		migrator().validate(false);
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsOnly(MigrationState.APPLIED);
		// the Down of 2 drops a table: it runs statement by statement, and the plan says so
		assertThat(migrator().rollback(RollbackRequest.steps(1, "test").asDryRun()).steps())
			.singleElement()
			.satisfies((step) -> assertThat(step.transactional()).isFalse());
		migrator().rollback(RollbackRequest.steps(1, "test"));
		assertThat(versions()).containsExactly("1");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? "
				+ "AND table_name = 'user;preferences'", Integer.class, this.schema)).isZero();
	}

	@Test
	void aFirstStartOnAnEmptyDatabaseAndTheNextLogNoWarning() {
		// MariaDB Connector/J logs every error packet at WARN: a read that finds no history table
		// must not be sent to find out
		this.files.migration("common/1_users.sql", "CREATE TABLE users (id BIGINT PRIMARY KEY);", "DROP TABLE users;");
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		log.start();
		root.addAppender(log);
		try {
			assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
				.containsExactly(MigrationState.PENDING);
			assertThat(migrator().migrate().migrations()).hasSize(1);
			assertThat(migrator().migrate().migrations()).isEmpty();
		}
		finally {
			root.detachAppender(log);
		}
		assertThat(log.list).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
			.extracting(ILoggingEvent::getFormattedMessage)
			.isEmpty();
	}

	@Test
	void aFailingMigrationOfDmlOnlyLeavesNothingBehind() {
		this.files.migration("common/1_ok.sql", "CREATE TABLE ok (id INT);", "DROP TABLE ok;");
		this.files.migration("common/2_bad.sql", "INSERT INTO ok VALUES (1);\nINSERT INTO missing VALUES (1);",
				"SELECT 1;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(3));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".ok", Integer.class)).isZero();
		assertThat(versions()).containsExactly("1");
	}

	@Test
	void theSqlOfAMigrateShowsTheProgressRecordedBetweenTheStatementsOfADdlMigrationAndChangesNothing() {
		this.files.migration("common/1_made.sql", "CREATE TABLE made (id INT);\nCREATE INDEX made_id ON made (id);",
				"DROP TABLE made;");
		List<SqlScript.Statement> statements = migrator().migrateSql().statements();
		int create = indexOf(statements, "CREATE TABLE made");
		int index = indexOf(statements, "CREATE INDEX made_id");
		assertThat(statements.subList(create + 1, index)).singleElement().satisfies((statement) -> {
			assertThat(statement.kind()).isEqualTo(SqlScript.Kind.LOCK);
			assertThat(statement.sql()).contains("SET progress = '", "/1/1'", "fence = ");
		});
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?",
				Integer.class, this.schema)).isZero();
	}

	private static int indexOf(List<SqlScript.Statement> statements, String start) {
		for (int i = 0; i < statements.size(); i++) {
			if (statements.get(i).sql().startsWith(start)) {
				return i;
			}
		}
		throw new AssertionError("No statement starts with " + start + ": " + statements);
	}

	@Test
	void aFailingMigrationWithDdlSaysWhatTookEffectIsDirtyAndRunsAgainAfterRepair() {
		this.files.migration("common/1_ok.sql", "CREATE TABLE ok (id INT);", "DROP TABLE ok;");
		this.files.migration("common/2_ddl.sql", """
				CREATE TABLE made (id INT);
				INSERT INTO made VALUES (1);
				ALTER TABLE missing ADD COLUMN x INT;""", "DROP TABLE made;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(4);
				assertThat(ex.isDirty()).isTrue();
				assertThat(ex.getMessage()).contains("Every statement before line 4 took effect",
						"the one on line 4 did not");
			});
		// DDL commits by itself: what ran before the failure stays, and the migration is dirty
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".made", Integer.class))
			.isEqualTo(1);
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsExactly(MigrationState.APPLIED, MigrationState.FAILED);

		this.files.migration("common/2_ddl.sql", """
				CREATE TABLE IF NOT EXISTS made (id INT);
				DELETE FROM made;
				INSERT INTO made VALUES (1);
				ALTER TABLE ok ADD COLUMN x INT;""", "DROP TABLE made;");
		migrator().repair();
		assertThat(migrator().migrate().migrations()).extracting(MigrationDescriptor::name).containsExactly("ddl");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.schema + ".made", Integer.class))
			.isEqualTo(1);
		assertThat(versions()).containsExactly("1", "2");
	}

	@Test
	void dmlMigrationsInARowAndBetweenDdlCommitEachAndEveryConnectionGoesBackInAutoCommit() {
		// the steps share one connection: a DML migration after DDL commits by switching auto-commit
		// back on, one after another DML migration by COMMIT with auto-commit left off for the next;
		// every connection still goes back as it came, the failed step's included
		this.files.migration("common/1_users.sql", "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(10));",
				"DROP TABLE users;");
		this.files.migration("common/2_a.sql", "INSERT INTO users (id) VALUES (1);", "DELETE FROM users WHERE id = 1;");
		this.files.migration("common/3_b.sql", "INSERT INTO users (id) VALUES (2);", "DELETE FROM users WHERE id = 2;");
		this.files.migration("common/4_c.sql", "INSERT INTO users (id) VALUES (3);", "DELETE FROM users WHERE id = 3;");
		this.files.migration("common/5_note.sql", "ALTER TABLE users ADD COLUMN note VARCHAR(10);",
				"ALTER TABLE users DROP COLUMN note;");
		this.files.migration("common/6_d.sql", "INSERT INTO users (id, note) VALUES (4, 'd');",
				"DELETE FROM users WHERE id = 4;");
		this.files.migration("common/7_e.sql", "INSERT INTO users (id) VALUES (5);", "DELETE FROM users WHERE id = 5;");
		this.files.migration("common/8_fails.sql", "INSERT INTO users (id) VALUES (6);\nINSERT INTO users (id) VALUES (1);",
				"DELETE FROM users WHERE id = 6;");
		List<String> returned = new CopyOnWriteArrayList<>();
		DataSource recording = new DelegatingDataSource(db.dataSource(this.schema)) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().equals("close") && !connection.isClosed()) {
								try (Statement statement = connection.createStatement();
										ResultSet rs = statement.executeQuery("SELECT @@autocommit")) {
									rs.next();
									returned.add(connection.getAutoCommit() + "/" + rs.getInt(1));
								}
							}
							try {
								return method.invoke(connection, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
		assertThatExceptionOfType(MigrationExecutionException.class)
			.isThrownBy(() -> new Migrator(recording, MigratorConfig.builder()
				.locations(this.files.location() + "/common")
				.lockLease(Duration.ofSeconds(2))
				.build()).migrate())
			.satisfies((ex) -> assertThat(ex.getScript()).endsWith("8_fails.sql"));
		assertThat(this.jdbc.queryForList("SELECT id FROM " + this.schema + ".users ORDER BY id", Long.class))
			.containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(versions()).containsExactly("1", "2", "3", "4", "5", "6", "7");
		assertThat(returned).isNotEmpty().containsOnly("true/1");
	}

	private List<String> versions() {
		return this.jdbc.queryForList("SELECT version FROM " + this.schema + ".schema_migrations ORDER BY id",
				String.class);
	}

}
