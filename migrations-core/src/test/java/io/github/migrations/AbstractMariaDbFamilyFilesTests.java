package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MariaDbDatabase;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files as other tools write them for MariaDB, run unchanged: sql-migrate's {@code -- +migrate}
 * sections with a stored procedure between {@code StatementBegin} and {@code StatementEnd}
 * (rolled back and applied again), and a classpath location {@code {vendor}} that picks the
 * {@code mariadb} files on MariaDB ({@link MigratorFilesMariaDbTests}) and the {@code mysql} ones
 * on MySQL ({@link MigratorFilesMySqlTests}). Each test works in a database of its own.
 */
abstract class AbstractMariaDbFamilyFilesTests {

	private static int databases;

	@TempDir
	Path directory;

	private MigrationFiles files;

	private String database;

	private JdbcTemplate jdbc;

	/**
	 * The server's fixture, registered by the subclass.
	 */
	abstract MariaDbDatabase db();

	@BeforeEach
	void freshDatabase() {
		this.files = new MigrationFiles(this.directory);
		this.database = db().schema("f" + (++databases));
		new JdbcTemplate(db().dataSource()).execute("CREATE DATABASE " + this.database);
		this.jdbc = new JdbcTemplate(dataSource());
	}

	private DataSource dataSource() {
		return db().dataSource(this.database);
	}

	private Migrator migrator(String... locations) {
		return new Migrator(dataSource(),
				MigratorConfig.builder().locations(locations).lockLease(Duration.ofSeconds(2)).build());
	}

	@Test
	void runsSqlMigrateFilesWithAProcedureBetweenStatementBeginAndEndAndRollsThemBack() {
		this.files.write("20240101000001_accounts.sql", """
				-- +migrate Up
				CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance DECIMAL(12,2) NOT NULL DEFAULT 0);

				-- +migrate StatementBegin
				CREATE PROCEDURE deposit(IN p_id BIGINT, IN p_amount DECIMAL(12,2))
				BEGIN
				  UPDATE accounts SET balance = balance + p_amount WHERE id = p_id;
				  SELECT balance FROM accounts WHERE id = p_id;
				END;
				-- +migrate StatementEnd

				-- +migrate Down
				DROP PROCEDURE IF EXISTS deposit;
				DROP TABLE accounts;
				""");
		this.files.write("20240101000002_first_deposit.sql", """
				-- +migrate Up
				INSERT INTO accounts VALUES (1, 0);
				CALL deposit(1, 5.25);

				-- +migrate Down
				DELETE FROM accounts;
				""");
		assertThat(migrator(this.files.location()).migrate().migrations()).extracting(MigrationDescriptor::name)
			.containsExactly("accounts", "first_deposit");
		assertThat(this.jdbc.queryForObject("SELECT balance FROM accounts WHERE id = 1", String.class))
			.isEqualTo("5.25");
		assertThat(routines()).containsExactly("deposit");

		migrator(this.files.location()).rollback(RollbackRequest.toVersion(MigrationVersion.parse("0"), "test"));
		assertThat(routines()).isEmpty();
		assertThat(this.jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
				+ "AND table_name = 'accounts'", String.class, this.database)).isEmpty();
		assertThat(migrator(this.files.location()).migrate().migrations()).hasSize(2);
		assertThat(this.jdbc.queryForObject("SELECT balance FROM accounts WHERE id = 1", String.class))
			.isEqualTo("5.25");
	}

	@Test
	void aClasspathLocationWithVendorPicksTheFilesOfTheDatabase() {
		String vendor = db().isMySql() ? "mysql" : "mariadb";
		Migrator migrator = migrator("classpath:vendor-locations/common", "classpath:vendor-locations/{vendor}");
		List<String> applied = migrator.migrate()
			.migrations()
			.stream()
			.map((m) -> m.version() + " " + m.name())
			.toList();
		assertThat(applied).containsExactly("1 notes", "2 vendor_note");
		assertThat(this.jdbc.queryForList("SELECT vendor FROM notes", String.class)).containsExactly(vendor);
		assertThat(migrator.status().migrations()).extracting((info) -> info.script())
			.containsExactly("classpath:vendor-locations/common/1_notes.sql",
					"classpath:vendor-locations/" + vendor + "/2_vendor_note.sql");
	}

	private List<String> routines() {
		return this.jdbc.queryForList("SELECT routine_name FROM information_schema.routines WHERE routine_schema = ?",
				String.class, this.database);
	}

}
