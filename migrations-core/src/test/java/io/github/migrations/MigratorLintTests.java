package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.Severity;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The linter inside {@link Migrator#migrate()} on a real PostgreSQL: {@code fail} stops before
 * anything is changed, {@code warn} applies and logs, only pending migrations are linted, H2 is
 * not linted.
 */
class MigratorLintTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@TempDir
	Path directory;

	private MigrationFiles files;

	private JdbcTemplate jdbc;

	private String schema;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void freshSchemaAndLogCapture() {
		this.files = new MigrationFiles(this.directory);
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.schema = "t" + System.nanoTime();
		this.jdbc.execute("CREATE SCHEMA " + this.schema);
		this.jdbc.execute("CREATE TABLE " + this.schema + ".users (id bigint PRIMARY KEY, email text, name text)");
		this.log.start();
		((Logger) LoggerFactory.getLogger(Migrator.class)).addAppender(this.log);
	}

	@AfterEach
	void stopLogCapture() {
		((Logger) LoggerFactory.getLogger(Migrator.class)).detachAppender(this.log);
	}

	private Migrator migrator(DataSource dataSource, LintMode lint) {
		return new Migrator(dataSource, config(lint).build());
	}

	private MigratorConfig.Builder config(LintMode lint) {
		return MigratorConfig.builder()
			.locations(this.files.location())
			.schema(this.schema)
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(10))
			.lint(lint)
			// the fixtures' tables are the schema's own: a baseline at 0 starts the history
			.baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("0"));
	}

	private void writeUnsafeMigrations() {
		this.files.migration("1_orders.sql", """
				CREATE TABLE %s.orders (id bigint PRIMARY KEY, number varchar(20));
				CREATE INDEX idx_orders_number ON %s.orders (number);""".formatted(this.schema, this.schema),
				"DROP TABLE %s.orders;".formatted(this.schema));
		this.files.migration("2_email_index.sql",
				"CREATE INDEX idx_users_email ON %s.users (email);".formatted(this.schema),
				"DROP INDEX %s.idx_users_email;".formatted(this.schema));
		this.files.migration("3_rename.sql",
				"ALTER TABLE %s.users RENAME COLUMN name TO full_name;".formatted(this.schema),
				"ALTER TABLE %s.users RENAME COLUMN full_name TO name;".formatted(this.schema));
	}

	private boolean exists(String relation) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
				this.schema + "." + relation));
	}

	private List<String> warnings() {
		return this.log.list.stream()
			.filter((e) -> e.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Test
	void failModeStopsBeforeAnythingIsChangedAndListsEveryUnsafeStatement() {
		writeUnsafeMigrations();
		Migrator migrator = migrator(database.dataSource(), LintMode.FAIL);
		assertThatExceptionOfType(MigrationLintException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getViolations()).extracting((v) -> v.script().substring(v.script().lastIndexOf('/') + 1),
					LintViolation::line, LintViolation::ruleId)
				.containsExactly(tuple("2_email_index.sql", 2, "index-not-concurrent"),
						tuple("3_rename.sql", 2, "rename"));
			assertThat(ex.getMessage()).contains("2 unsafe statements")
				.contains("2_email_index.sql:2 index-not-concurrent: ")
				.contains("CREATE INDEX CONCURRENTLY")
				.contains("3_rename.sql:2 rename: ")
				.contains("Expand/contract")
				.contains("-- migrations:allow <rule-id> <reason>");
		});
		assertThat(exists("orders")).isFalse();
		assertThat(exists("idx_users_email")).isFalse();
		assertThat(exists("schema_migrations")).isFalse();
		assertThat(exists("migration_lock")).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM information_schema.columns WHERE table_schema = ? "
				+ "AND table_name = 'users' AND column_name = 'name'", Integer.class, this.schema)).isEqualTo(1);
	}

	@Test
	void warnModeAppliesEverythingAndLogsOneWarningPerHarmfulViolation() {
		writeUnsafeMigrations();
		RunResult result = migrator(database.dataSource(), LintMode.WARN).migrate();
		assertThat(result.migrations()).hasSize(3);
		assertThat(exists("idx_users_email")).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + this.schema
				+ ".schema_migrations WHERE type <> 'BASELINE'", Integer.class)).isEqualTo(3);
		// the style rule (prefer-text on 1_orders.sql) is not run at startup by default
		assertThat(warnings()).hasSize(2)
			.anySatisfy((w) -> assertThat(w).matches(".*2_email_index\\.sql:2 index-not-concurrent CREATE INDEX.*"))
			.anySatisfy((w) -> assertThat(w).matches(".*3_rename\\.sql:2 rename Renaming column.*"));
	}

	@Test
	void listenersReceiveTheViolationsBeforeFailModeStopsTheRun() {
		writeUnsafeMigrations();
		List<List<LintViolation>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		MigrationListener listener = new MigrationListener() {

			@Override
			public void migrationsLinted(List<LintViolation> violations) {
				received.add(violations);
			}

		};
		Migrator migrator = new Migrator(database.dataSource(),
				migrator(database.dataSource(), LintMode.FAIL).getConfig().toBuilder().listener(listener).build());
		assertThatExceptionOfType(MigrationLintException.class).isThrownBy(migrator::migrate);
		assertThat(received).singleElement()
			.satisfies((violations) -> assertThat(violations).extracting(LintViolation::ruleId, LintViolation::severity)
				.containsExactly(tuple("index-not-concurrent", Severity.ERROR), tuple("rename", Severity.WARNING)));
	}

	@Test
	void failModeListsWhatFailsTheRunInTheExceptionAndStillLogsTheAdvice() {
		this.files.migration("1_orders.sql", """
				CREATE TABLE %s.orders (id bigint PRIMARY KEY, number varchar(20));
				CREATE INDEX idx_users_email ON %s.users (email);""".formatted(this.schema, this.schema),
				"DROP TABLE %s.orders;".formatted(this.schema));
		Migrator migrator = new Migrator(database.dataSource(),
				config(LintMode.FAIL).lintRules(List.of("prefer-text", "index-not-concurrent")).build());
		assertThatExceptionOfType(MigrationLintException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.getViolations()).extracting(LintViolation::ruleId)
				.containsExactly("index-not-concurrent"));
		assertThat(warnings()).singleElement().asString().contains("1_orders.sql:2 prefer-text");
		assertThat(exists("orders")).isFalse();
	}

	@Test
	void failModeAppliesWhenOnlyAdviceAndWaivedStatementsRemain() {
		this.files.migration("1_orders.sql", """
				CREATE TABLE %s.orders (id bigint PRIMARY KEY, number varchar(20));
				-- migrations:allow index-not-concurrent users holds a handful of rows in this service
				CREATE INDEX idx_users_email ON %s.users (email);""".formatted(this.schema, this.schema),
				"DROP TABLE %s.orders;".formatted(this.schema));
		RunResult result = new Migrator(database.dataSource(),
				config(LintMode.FAIL).lintRules(List.of("prefer-text", "index-not-concurrent")).build())
			.migrate();
		assertThat(result.migrations()).hasSize(1);
		assertThat(exists("idx_users_email")).isTrue();
		assertThat(warnings()).singleElement().asString().contains("prefer-text");
	}

	@Test
	void styleRulesDoNotRunAtStartupByDefault() {
		this.files.migration("1_accounts.sql", """
				CREATE TABLE %s.accounts (id int PRIMARY KEY, email varchar(255), created_at timestamp,
				    settings json);""".formatted(this.schema), "DROP TABLE %s.accounts;".formatted(this.schema));
		List<List<LintViolation>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		Migrator migrator = new Migrator(database.dataSource(), config(LintMode.FAIL).listener(new MigrationListener() {

			@Override
			public void migrationsLinted(List<LintViolation> violations) {
				received.add(violations);
			}

		}).build());
		assertThat(migrator.migrate().migrations()).hasSize(1);
		assertThat(warnings()).isEmpty();
		assertThat(received).singleElement().asList().isEmpty();
	}

	@Test
	void selectedRulesAreTheOnlyOnesRunAndWaiversMayNameAnyRule() {
		this.files.migration("1_accounts.sql", """
				-- migrations:allow prefer-jsonb the settings are stored as sent, key order kept
				CREATE TABLE %s.accounts (id bigint PRIMARY KEY, email varchar(255), settings json);
				CREATE INDEX idx_accounts_email ON %s.users (email);""".formatted(this.schema, this.schema),
				"DROP TABLE %s.accounts;".formatted(this.schema));
		new Migrator(database.dataSource(), config(LintMode.WARN).lintRules(List.of("prefer-text")).build()).migrate();
		assertThat(warnings()).singleElement().asString().contains("prefer-text").doesNotContain("index-not-concurrent");
	}

	@Test
	void migrationsUpToLintStartAfterAreNeverLinted() {
		this.files.migration("1_email_index.sql",
				"CREATE INDEX idx_users_email ON %s.users (email);".formatted(this.schema), "");
		this.files.migration("2_name_index.sql",
				"CREATE INDEX idx_users_name ON %s.users (name);".formatted(this.schema), "");
		new Migrator(database.dataSource(), config(LintMode.WARN).lintStartAfter(MigrationVersion.parse("1")).build())
			.migrate();
		assertThat(warnings()).singleElement()
			.asString()
			.contains("2_name_index.sql:2 index-not-concurrent")
			.doesNotContain("1_email_index");
	}

	@Test
	void anUnknownLintRuleIsAClearConfigurationError() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> MigratorConfig.builder().lintRules(List.of("prefer-text", "prefer-uuid")).build())
			.withMessageContaining("lint rules [prefer-uuid] are unknown")
			.withMessageContaining("prefer-timestamptz");
	}

	@Test
	void onlyPendingMigrationsAreLinted() {
		this.files.migration("1_email_index.sql",
				"CREATE INDEX idx_users_email ON %s.users (email);".formatted(this.schema), "");
		migrator(database.dataSource(), LintMode.OFF).migrate();
		assertThat(warnings()).isEmpty();
		this.files.migration("2_orders.sql",
				"CREATE TABLE %s.orders (id bigint PRIMARY KEY, note text);".formatted(this.schema), "");
		RunResult result = migrator(database.dataSource(), LintMode.FAIL).migrate();
		assertThat(result.migrations()).extracting(MigrationDescriptor::name).containsExactly("orders");
		assertThat(warnings()).isEmpty();
	}

	@Test
	void onAFreshDatabaseATableCreatedByAnEarlierMigrationOfTheRunIsNew() {
		String fresh = this.schema + "_fresh";
		this.jdbc.execute("CREATE SCHEMA " + fresh);
		this.files.migration("1_orders.sql", "CREATE TABLE %s.orders (id bigint PRIMARY KEY, user_id bigint);"
			.formatted(fresh), "DROP TABLE %s.orders;".formatted(fresh));
		this.files.migration("2_orders_index.sql",
				"CREATE INDEX idx_orders_user ON %s.orders (user_id);".formatted(fresh), "");
		MigratorConfig.Builder config = MigratorConfig.builder()
			.locations(this.files.location())
			.schema(fresh)
			.lockLease(Duration.ofSeconds(3))
			.lint(LintMode.FAIL);
		// both in one run on an empty schema: orders is new when the index is built
		assertThat(new Migrator(database.dataSource(), config.build()).migrate().migrations()).hasSize(2);
		assertThat(warnings()).isEmpty();
		// the same index in a later run: orders may hold rows by now
		this.files.migration("3_orders_index_again.sql",
				"CREATE INDEX idx_orders_user_2 ON %s.orders (user_id);".formatted(fresh), "");
		assertThatExceptionOfType(MigrationLintException.class)
			.isThrownBy(() -> new Migrator(database.dataSource(), config.build()).migrate())
			.satisfies((ex) -> assertThat(ex.getViolations()).extracting(LintViolation::ruleId)
				.containsExactly("index-not-concurrent"));
	}

	@Test
	void offModeNeitherLintsNorLogs() {
		writeUnsafeMigrations();
		assertThat(migrator(database.dataSource(), LintMode.OFF).migrate().migrations()).hasSize(3);
		assertThat(warnings()).isEmpty();
	}

	@Test
	void h2IsNotLinted() {
		DataSource h2 = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		this.files.migration("1_users.sql", """
				CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100));
				ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email);
				UPDATE users SET email = LOWER(email);""", "DROP TABLE users;");
		this.files.migration("2_index.sql", "CREATE INDEX idx_users_email ON users (email);", "");
		Migrator migrator = new Migrator(h2, MigratorConfig.builder()
			.locations(this.files.location())
			.lockLease(Duration.ofSeconds(2))
			.lint(LintMode.FAIL)
			.build());
		assertThat(migrator.migrate().migrations()).hasSize(2);
		assertThat(warnings()).isEmpty();
	}

	@Test
	void lintDefaultsToWarnAndSurvivesToBuilder() {
		assertThat(MigratorConfig.DEFAULT_LINT_MODE).isEqualTo(LintMode.WARN);
		assertThat(MigratorConfig.builder().build().getLint()).isEqualTo(LintMode.WARN);
		MigratorConfig fail = MigratorConfig.builder().lint(LintMode.FAIL).build();
		assertThat(fail.toBuilder().build().getLint()).isEqualTo(LintMode.FAIL);
		assertThat(Severity.ADVICE.failsRun()).isFalse();
		assertThat(Severity.WARNING.failsRun()).isTrue();
	}

}
