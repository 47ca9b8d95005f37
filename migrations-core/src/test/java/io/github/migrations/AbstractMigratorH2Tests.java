package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine on H2 (the embedded default): a contract run in its default mode and in PostgreSQL
 * compatibility mode.
 */
abstract class AbstractMigratorH2Tests {


	@TempDir
	Path directory;

	MigrationFiles files;

	DataSource dataSource;

	JdbcTemplate jdbc;

	abstract String urlOptions();

	@BeforeEach
	void freshDatabase() {
		this.files = new MigrationFiles(this.directory);
		this.dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + urlOptions(), "sa", "");
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	Migrator migrator() {
		return new Migrator(this.dataSource, MigratorConfig.builder()
			.locations(this.files.location() + "/common", this.files.location() + "/{vendor}")
			.lockLease(Duration.ofSeconds(2))
			.build());
	}

	@Test
	void appliesRecordsReRunsAndRollsBack() {
		this.files.migration("common/1_users.sql", "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100));",
				"DROP TABLE users;");
		this.files.migration("h2/2_prefs.sql", """
				CREATE TABLE user_preferences (user_id BIGINT REFERENCES users(id), prefs VARCHAR(4000));
				INSERT INTO users VALUES (1, 'a; b');""", "DROP TABLE user_preferences;\nDELETE FROM users;");
		this.files.migration("postgresql/2_prefs.sql", "CREATE TABLE wrong (id int);", "DROP TABLE wrong;");
		RunResult result = migrator().migrate();
		assertThat(result.migrations()).extracting(MigrationDescriptor::name).containsExactly("users", "prefs");
		assertThat(this.jdbc.queryForObject("SELECT name FROM users", String.class)).isEqualTo("a; b");
		List<String> versions = this.jdbc.queryForList("SELECT version FROM schema_migrations ORDER BY id",
				String.class);
		assertThat(versions).containsExactly("1", "2");
		assertThat(migrator().migrate().migrations()).isEmpty();
		assertThat(migrator().status().migrations()).extracting(MigrationInfo::state)
			.containsOnly(MigrationState.APPLIED);
		migrator().rollback(RollbackRequest.steps(1, "test"));
		assertThat(this.jdbc.queryForList("SELECT version FROM schema_migrations", String.class))
			.containsExactly("1");
	}

	@Test
	void groupModeIsRefusedBeforeAnythingRunsSinceDdlCommitsByItself() {
		this.files.migration("common/1_ok.sql", "CREATE TABLE ok (id INT);", "DROP TABLE ok;");
		// a beforeMigrate callback does not run either
		this.files.write("common/beforeMigrate.sql", "CREATE TABLE prepared (id INT);");
		Migrator grouped = new Migrator(this.dataSource,
				MigratorConfig.builder().locations(this.files.location() + "/common").group(true).build());

		assertThatExceptionOfType(MigrationException.class).isThrownBy(grouped::migrate)
			.withMessageContaining("Group mode (migrations.group=true) is not supported on h2")
			.withMessageContaining("Set migrations.group=false");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM information_schema.tables WHERE upper(table_name) "
				+ "IN ('OK', 'PREPARED', 'SCHEMA_MIGRATIONS', 'MIGRATION_LOCK')", Integer.class)).isZero();
	}

	@Test
	void aFailingMigrationLeavesNoRow() {
		this.files.migration("common/1_ok.sql", "CREATE TABLE ok (id INT);", "DROP TABLE ok;");
		this.files.migration("common/2_bad.sql", "INSERT INTO ok VALUES (1);\nINSERT INTO missing VALUES (1);",
				"SELECT 1;");
		assertThatExceptionOfType(MigrationExecutionException.class).isThrownBy(() -> migrator().migrate())
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(3));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM ok", Integer.class)).isZero();
		assertThat(this.jdbc.queryForList("SELECT version FROM schema_migrations", String.class))
			.containsExactly("1");
	}

}
