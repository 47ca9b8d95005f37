package io.github.migrations;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Migrator#status()} reads the history rows again only when the table's fingerprint
 * changed, and every change another runner makes changes it: one contract, run once per
 * database (the fingerprint is an aggregate query each reads its own way).
 */
abstract class AbstractStatusCacheTests {

	@TempDir
	Path directory;

	MigrationFiles files;

	private final List<String> queries = new CopyOnWriteArrayList<>();

	/** A fresh, empty database or schema for this test. */
	abstract DataSource dataSource();

	/** The history table as SQL names it on {@link #dataSource()}. */
	String historyTable() {
		return "schema_migrations";
	}

	@BeforeEach
	void threeMigrations() {
		this.files = new MigrationFiles(this.directory);
		for (int i = 1; i <= 3; i++) {
			this.files.migration(i + "_create_t" + i + ".sql", "CREATE TABLE t" + i + " (id INT);", "DROP TABLE t" + i + ";");
		}
	}

	private Migrator migrator(DataSource dataSource) {
		return new Migrator(dataSource, MigratorConfig.builder().locations(this.files.location()).build());
	}

	@Test
	void anUnchangedHistoryIsNotReadAgain() {
		migrator(dataSource()).migrate();
		Migrator reader = migrator(counting(dataSource()));
		assertThat(reader.status().counts()).containsEntry(MigrationState.APPLIED, 3L);
		assertThat(rowReads()).isEqualTo(1);
		assertThat(reader.status().counts()).containsEntry(MigrationState.APPLIED, 3L);
		assertThat(reader.status().currentVersion()).hasToString("3");
		assertThat(rowReads()).isEqualTo(1);
	}

	@Test
	void migrationsAnotherRunnerAppliesAreSeen() {
		Migrator reader = migrator(counting(dataSource()));
		assertThat(reader.status().pending()).hasSize(3);
		migrator(dataSource()).migrate();
		assertThat(reader.status().counts()).containsEntry(MigrationState.APPLIED, 3L);
		this.files.migration("4_create_t4.sql", "CREATE TABLE t4 (id INT);", "DROP TABLE t4;");
		assertThat(reader.status().pending()).hasSize(1);
		migrator(dataSource()).migrate();
		assertThat(reader.status().counts()).containsEntry(MigrationState.APPLIED, 4L)
			.doesNotContainKey(MigrationState.PENDING);
	}

	@Test
	void aRollbackAndTheSameMigrationAppliedAgainAreSeen() {
		Migrator writer = migrator(dataSource());
		writer.migrate();
		Migrator reader = migrator(counting(dataSource()));
		int batch = info(reader.status(), "3").batch();
		// the same count of rows afterwards, but a newer row
		writer.rollback(RollbackRequest.steps(1, "test"));
		writer.migrate();
		assertThat(info(reader.status(), "3").batch()).isGreaterThan(batch);
		assertThat(rowReads()).isEqualTo(2);
	}

	@Test
	void aRowMarkedFailedIsSeen() {
		migrator(dataSource()).migrate();
		Migrator reader = migrator(counting(dataSource()));
		assertThat(info(reader.status(), "2").state()).isEqualTo(MigrationState.APPLIED);
		// what a non-transactional rollback that stopped part-way leaves: same rows, one failed
		new JdbcTemplate(dataSource()).update("UPDATE " + historyTable() + " SET success = ? WHERE version = '2'",
				false);
		assertThat(info(reader.status(), "2").state()).isEqualTo(MigrationState.FAILED);
	}

	private static MigrationInfo info(MigrationStatus status, String version) {
		return status.migrations()
			.stream()
			.filter((m) -> m.version() != null && m.version().toString().equals(version))
			.findFirst()
			.orElseThrow();
	}

	// the reads of the whole rows (the full read selects rollback_sql; the fingerprint does not)
	private long rowReads() {
		return this.queries.stream().filter((sql) -> sql.contains("rollback_sql") && sql.startsWith("SELECT")).count();
	}

	private DataSource counting(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(method, target, args);
					return (result instanceof Connection connection) ? countingConnection(connection) : result;
				});
	}

	private Connection countingConnection(Connection target) {
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					Object result = invoke(method, target, args);
					return (result instanceof Statement statement && !method.getName().startsWith("prepare"))
							? countingStatement(statement) : result;
				});
	}

	private Statement countingStatement(Statement target) {
		return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Statement.class },
				(proxy, method, args) -> {
					if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
						this.queries.add(sql);
					}
					return invoke(method, target, args);
				});
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
