package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The names of the history table, the lock table and the schema come from configuration and end
 * up in SQL text (they cannot be bound): a hostile or unusable name fails when the configuration
 * is built, before any connection; a legitimate mixed-case name works on PostgreSQL (the schema is
 * quoted, so its case is kept; the tables are plain identifiers, folded as the database folds
 * them).
 */
class MigratorConfiguredNamesPostgresTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("hostileNames")
	void hostileOrOverlongNamesFailWhenTheConfigurationIsBuilt(String setting, String name, String reason) {
		MigratorConfig.Builder builder = MigratorConfig.builder().locations("classpath:none");
		Function<String, MigratorConfig.Builder> set = switch (setting) {
			case "table" -> builder::table;
			case "lock-table" -> builder::lockTable;
			default -> builder::schema;
		};
		assertThatIllegalArgumentException().isThrownBy(() -> set.apply(name).build())
			.withMessageStartingWith("Invalid migrations configuration: " + setting + " '" + name + "'")
			.withMessageContaining(reason);
	}

	static Stream<Arguments> hostileNames() {
		String notIdentifier = "is not a plain SQL identifier";
		return Stream.of("table", "lock-table", "schema")
			.flatMap((setting) -> Stream.of(Arguments.of(setting, "x; drop table y", notIdentifier),
					Arguments.of(setting, "\"a\"b", notIdentifier), Arguments.of(setting, "a\"; DROP SCHEMA public; --", notIdentifier),
					Arguments.of(setting, "a.b", notIdentifier), Arguments.of(setting, "1abc", notIdentifier),
					Arguments.of(setting, "", notIdentifier), Arguments.of(setting, "naïve", notIdentifier),
					Arguments.of(setting, "a b", notIdentifier), Arguments.of(setting, "a\u0000b", notIdentifier),
					Arguments.of(setting, "x".repeat(setting.equals("table") ? 55 : 64), "is longer than")));
	}

	@Test
	void namesUpToTheDatabasesLimitAreAccepted() {
		MigratorConfig config = MigratorConfig.builder()
			.locations("classpath:none")
			.table("h".repeat(54))
			.lockTable("l".repeat(63))
			.schema("s".repeat(63))
			.build();
		assertThat(config.getTable()).hasSize(54);
	}

	@Test
	void mixedCaseSchemaAndTableNamesWorkOnPostgres() {
		MigrationFiles files = new MigrationFiles(this.directory);
		String schema = "Ops_Schema" + System.nanoTime();
		files.migration(version(1) + "_one.sql", "CREATE TABLE \"" + schema + "\".one (id int);",
				"DROP TABLE \"" + schema + "\".one;");
		files.migration(version(2) + "_two.sql", "CREATE TABLE \"" + schema + "\".two (id int);",
				"DROP TABLE \"" + schema + "\".two;");
		MigratorConfig config = MigratorConfig.builder()
			.locations(files.location())
			.schema(schema)
			.table("MigrationHistory")
			.lockTable("Migration$Lock")
			.lockLease(Duration.ofSeconds(2))
			.build();
		Migrator migrator = new Migrator(database.dataSource(), config);
		assertThat(migrator.migrate().migrations()).hasSize(2);
		// a second run finds the history it wrote (no lock needed, nothing applied)
		RunResult again = migrator.migrate();
		assertThat(again.migrations()).isEmpty();
		assertThat(again.batch()).isZero();
		assertThat(migrator.status().counts()).containsEntry(MigrationState.APPLIED, 2L);
		assertThat(migrator.rollback(RollbackRequest.steps(1, "ops")).steps()).hasSize(1);
		assertThat(migrator.status().pending()).hasSize(1);

		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		assertThat(jdbc.queryForList("SELECT nspname FROM pg_namespace WHERE lower(nspname) = lower(?)", String.class,
				schema)).containsExactly(schema);
		assertThat(jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename",
				String.class, schema))
			.containsExactly("migration$lock", "migrationhistory", "migrationhistory_audit", "one");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM \"" + schema + "\".migrationhistory", Integer.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT outcome FROM \"" + schema + "\".migrationhistory_audit", String.class))
			.containsExactly("SUCCESS");
		List<String> applied = jdbc.queryForList("SELECT version FROM \"" + schema + "\".migrationhistory",
				String.class);
		assertThat(applied).containsExactly(version(1));
	}

}
