package io.github.migrations.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.Direction;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationListener;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MigratedDatabases} on PostgreSQL: one template per set of migrations, migrated once, and
 * a copy of it per database. Every test has a prefix of its own, so templates left on the server
 * by other runs are never found here, and drops every database with it afterwards.
 */
class MigratedDatabasesPostgresTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	private final String prefix = "mt" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private final AtomicInteger applied = new AtomicInteger();

	private final MigrationListener counting = new MigrationListener() {

		@Override
		public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
			MigratedDatabasesPostgresTests.this.applied.incrementAndGet();
		}

	};

	@AfterEach
	void dropEverythingWithThePrefix() throws SQLException {
		try (Connection admin = admin(); Statement statement = admin.createStatement()) {
			List<String> names = databases();
			for (String name : names) {
				statement.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
				statement.execute("DROP DATABASE " + name + " WITH (FORCE)");
			}
		}
	}

	@Test
	void twoTestClassesWithTheSameMigrationsGetCopiesOfOneTemplateMigratedOnce() throws SQLException {
		try (MigratedDatabase first = databases("classpath:db/good").create();
				MigratedDatabase second = databases("classpath:db/good").create()) {
			assertThat(this.applied).hasValue(3);
			assertThat(first.isTemplateBuilt()).isTrue();
			assertThat(second.isTemplateBuilt()).isFalse();
			assertThat(first.getTemplate()).isEqualTo(second.getTemplate()).startsWith(this.prefix + "_tpl_");
			assertThat(first.getName()).isNotEqualTo(second.getName());
			// the history rows were copied, not written again: one batch, one time of execution
			assertThat(history(first)).hasSize(3).isEqualTo(history(second));
			assertThat(templates()).containsExactly(first.getTemplate());
		}
		assertThat(databases()).as("the copies are dropped, the template stays").hasSize(1);
	}

	@Test
	void differentMigrationsGetDifferentTemplates() throws SQLException {
		try (MigratedDatabase good = databases("classpath:db/good").create();
				MigratedDatabase other = databases("classpath:db/forgotten_column").create()) {
			assertThat(good.isTemplateBuilt()).isTrue();
			assertThat(other.isTemplateBuilt()).isTrue();
			assertThat(good.getTemplate()).isNotEqualTo(other.getTemplate());
			assertThat(templates()).containsExactlyInAnyOrder(good.getTemplate(), other.getTemplate());
			assertThat(count(other, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'bio'"))
				.isOne();
			assertThat(count(good, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'bio'"))
				.isZero();
		}
	}

	@Test
	void anEditedMigrationMakesANewTemplateAndTheOutdatedOneIsDropped(@TempDir Path dir) throws IOException,
			SQLException {
		Files.writeString(dir.resolve("1_create_users.sql"),
				"-- +migrate Up\nCREATE TABLE users (id BIGINT PRIMARY KEY);\n-- +migrate Down\nDROP TABLE users;\n");
		String location = "filesystem:" + dir;
		String before;
		try (MigratedDatabase database = databases(location).create()) {
			before = database.getTemplate();
			assertThat(database.isTemplateBuilt()).isTrue();
		}
		Files.writeString(dir.resolve("1_create_users.sql"), "-- +migrate Up\nCREATE TABLE users (id BIGINT PRIMARY KEY,"
				+ " email TEXT);\n-- +migrate Down\nDROP TABLE users;\n");
		try (MigratedDatabase database = databases(location).create()) {
			assertThat(database.isTemplateBuilt()).isTrue();
			assertThat(database.getTemplate()).isNotEqualTo(before);
			assertThat(count(database, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"))
				.isOne();
			assertThat(templates()).containsExactly(database.getTemplate());
		}
		assertThat(this.applied).hasValue(2);
	}

	@Test
	void aDownSectionEditedAloneMakesANewTemplateSinceTheHistoryKeepsIt(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("1_create_users.sql"),
				"-- +migrate Up\nCREATE TABLE users (id BIGINT PRIMARY KEY);\n-- +migrate Down\nDROP TABLE users;\n");
		String before = databases("filesystem:" + dir).templateName();
		Files.writeString(dir.resolve("1_create_users.sql"), "-- +migrate Up\nCREATE TABLE users (id BIGINT PRIMARY KEY);"
				+ "\n-- +migrate Down\nDROP TABLE IF EXISTS users;\n");
		assertThat(databases("filesystem:" + dir).templateName()).isNotEqualTo(before)
			.startsWith(before.substring(0, before.lastIndexOf('_')));
	}

	@Test
	void aCopyIsIndependentOfTheOtherCopiesAndOfTheTemplate() throws SQLException {
		MigratedDatabases databases = databases("classpath:db/good");
		try (MigratedDatabase first = databases.create(); MigratedDatabase second = databases.create()) {
			try (Connection connection = first.getDataSource().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
				statement.execute("CREATE TABLE only_in_first (id INT)");
			}
			assertThat(count(first, "SELECT count(*) FROM users")).isOne();
			assertThat(count(second, "SELECT count(*) FROM users")).isZero();
			try (MigratedDatabase third = databases.create()) {
				assertThat(count(third, "SELECT count(*) FROM users")).isZero();
				assertThat(count(third, "SELECT count(*) FROM information_schema.tables"
						+ " WHERE table_name = 'only_in_first'")).isZero();
			}
		}
		assertThat(this.applied).hasValue(3);
	}

	@Test
	void twoThreadsRacingForANewTemplateBuildItOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<MigratedDatabase>> made = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				// one instance each, as two test JVMs would have
				MigratedDatabases databases = databases("classpath:db/good");
				made.add(pool.submit(() -> {
					start.await();
					return databases.create();
				}));
			}
			start.countDown();
			List<MigratedDatabase> results = new ArrayList<>();
			for (Future<MigratedDatabase> each : made) {
				results.add(each.get(60, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn(MigratedDatabase::isTemplateBuilt).hasSize(1);
			assertThat(this.applied).hasValue(3);
			assertThat(count(results.get(0), "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
			assertThat(count(results.get(1), "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
			results.forEach(MigratedDatabase::close);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void twoJvmsRacingForANewTemplateBuildItOnce() throws Exception {
		List<Process> processes = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
					System.getProperty("java.class.path"), TemplateRaceMain.class.getName(), postgres.jdbcUrl(),
					postgres.user(), this.prefix, "classpath:db/good")
				.redirectErrorStream(true)
				.start());
		}
		List<String> lines = new ArrayList<>();
		for (Process process : processes) {
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			output.lines().filter((line) -> line.startsWith("BUILT ")).forEach(lines::add);
		}
		assertThat(lines).hasSize(2);
		assertThat(lines).filteredOn((line) -> line.startsWith("BUILT true")).hasSize(1);
		assertThat(lines.get(0).split(" ")[2]).isEqualTo(lines.get(1).split(" ")[2]);
		assertThat(templates()).hasSize(1);
	}

	@Test
	void aTemplateLeftHalfBuiltByADeadBuildIsBuiltAgain() throws SQLException {
		MigratedDatabases databases = databases("classpath:db/good");
		try (Connection admin = admin(); Statement statement = admin.createStatement()) {
			// what a JVM killed during the migration leaves: the database, not marked a template
			statement.execute("CREATE DATABASE " + databases.templateName());
		}
		try (MigratedDatabase database = databases.create()) {
			assertThat(database.isTemplateBuilt()).isTrue();
			assertThat(count(database, "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
		}
		assertThat(templates()).containsExactly(databases.templateName());
	}

	@Test
	void aFailingMigrationLeavesNeitherATemplateNorADatabase() throws SQLException {
		assertThatThrownBy(() -> databases("classpath:db/broken").create())
			.isInstanceOf(MigrationException.class);
		assertThat(databases()).isEmpty();
	}

	@Test
	void withTemplatesOffEachDatabaseIsMigratedOnItsOwn() throws SQLException {
		MigratedDatabases databases = MigratedDatabases.builder(postgres.jdbcUrl())
			.username(postgres.user())
			.prefix(this.prefix)
			.templates(false)
			.config(config("classpath:db/good"))
			.build();
		assertThat(databases.usesTemplates()).isFalse();
		try (MigratedDatabase first = databases.create(); MigratedDatabase second = databases.create()) {
			assertThat(first.isFromTemplate()).isFalse();
			assertThat(second.isFromTemplate()).isFalse();
			assertThat(this.applied).hasValue(6);
			assertThat(templates()).isEmpty();
		}
		assertThat(databases()).isEmpty();
	}

	@Test
	void theSystemPropertyTurnsTemplatesOff() {
		System.setProperty(MigratedDatabases.TEMPLATES_PROPERTY, "false");
		try {
			assertThat(databases("classpath:db/good").usesTemplates()).isFalse();
		}
		finally {
			System.clearProperty(MigratedDatabases.TEMPLATES_PROPERTY);
		}
		assertThat(databases("classpath:db/good").usesTemplates()).isTrue();
	}

	@Test
	void dropTemplatesDropsTheLineagesTemplates() throws SQLException {
		MigratedDatabases databases = databases("classpath:db/good");
		databases.create().close();
		assertThat(templates()).hasSize(1);
		assertThat(databases.dropTemplates()).isOne();
		assertThat(databases()).isEmpty();
	}

	/**
	 * Without spares, which are made in the background: the tests of spares make them, and wait.
	 */
	private MigratedDatabases databases(String location) {
		return databases(location, 0);
	}

	private MigratedDatabases databases(String location, int spares) {
		return MigratedDatabases.builder(postgres.jdbcUrl())
			.username(postgres.user())
			.password(postgres.password())
			.prefix(this.prefix)
			.spares(spares)
			.config(config(location))
			.build();
	}

	@Test
	void aSpareIsCopiedAfterEachCreateAndTheNextCreateTakesIt() throws SQLException {
		MigratedDatabases databases = databases("classpath:db/good", 1);
		assertThat(databases.spares()).isOne();
		try (MigratedDatabase first = databases.create()) {
			assertThat(first.isTemplateBuilt()).isTrue();
			databases.awaitSpare();
			List<String> spares = spares(databases);
			assertThat(spares).hasSize(1);
			try (MigratedDatabase second = databases.create()) {
				assertThat(second.isTemplateBuilt()).isFalse();
				assertThat(second.getName()).isNotIn(spares).isNotEqualTo(first.getName());
				assertThat(databases()).as("the spare became the second database").doesNotContain(spares.get(0));
				assertThat(count(second, "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
				assertThat(history(second)).isEqualTo(history(first));
				databases.awaitSpare();
				assertThat(spares(databases)).hasSize(1).doesNotContain(spares.get(0));
			}
		}
		assertThat(this.applied).hasValue(3);
	}

	@Test
	void otherInstancesTakeTheSpareAndNoSpareIsTakenTwice() throws Exception {
		MigratedDatabases first = databases("classpath:db/good", 1);
		first.create().close();
		first.awaitSpare();
		List<String> spare = spares(first);
		assertThat(spare).hasSize(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch start = new CountDownLatch(1);
		List<MigratedDatabases> instances = List.of(databases("classpath:db/good", 1),
				databases("classpath:db/good", 1));
		List<Future<MigratedDatabase>> made = new ArrayList<>();
		try {
			for (MigratedDatabases instance : instances) {
				made.add(pool.submit(() -> {
					start.await();
					return instance.create();
				}));
			}
			start.countDown();
			try (MigratedDatabase one = made.get(0).get(); MigratedDatabase two = made.get(1).get()) {
				assertThat(one.getName()).isNotEqualTo(two.getName());
				assertThat(databases()).as("one of them took the spare, the other copied the template")
					.doesNotContain(spare.get(0));
				assertThat(count(one, "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
				assertThat(count(two, "SELECT count(*) FROM schema_migrations")).isEqualTo(3);
			}
		}
		finally {
			pool.shutdownNow();
			instances.forEach(MigratedDatabases::awaitSpare);
		}
		assertThat(spares(first)).as("each instance tops the spares up to one, at most one more racing")
			.hasSizeBetween(1, 2);
		assertThat(this.applied).hasValue(3);
	}

	@Test
	void anEditedMigrationDropsTheOutdatedTemplatesSpares(@TempDir Path dir) throws IOException, SQLException {
		Files.writeString(dir.resolve("1_create_users.sql"),
				"-- +migrate Up\nCREATE TABLE users (id BIGINT PRIMARY KEY);\n-- +migrate Down\nDROP TABLE users;\n");
		MigratedDatabases before = databases("filesystem:" + dir, 1);
		before.create().close();
		before.awaitSpare();
		assertThat(spares(before)).hasSize(1);
		Files.writeString(dir.resolve("1_create_users.sql"), "-- +migrate Up\nCREATE TABLE users (id BIGINT PRIMARY KEY,"
				+ " email TEXT);\n-- +migrate Down\nDROP TABLE users;\n");
		MigratedDatabases after = databases("filesystem:" + dir, 0);
		try (MigratedDatabase database = after.create()) {
			assertThat(database.isTemplateBuilt()).isTrue();
			assertThat(databases()).containsExactlyInAnyOrder(database.getName(), after.templateName());
		}
	}

	@Test
	void asManySparesAreKeptReadyAsAsked() throws SQLException {
		MigratedDatabases databases = databases("classpath:db/good", 3);
		databases.create().close();
		databases.awaitSpare();
		assertThat(spares(databases)).hasSize(3);
		// one taken, the rest topped up again
		databases.create().close();
		databases.awaitSpare();
		assertThat(spares(databases)).hasSize(3);
		assertThat(databases.dropTemplates()).isOne();
		assertThat(databases()).isEmpty();
	}

	@Test
	void dropTemplatesDropsTheSparesAndNoSpareIsMadeOfADroppedTemplate() throws SQLException {
		MigratedDatabases databases = databases("classpath:db/good", 1);
		databases.create().close();
		databases.awaitSpare();
		assertThat(spares(databases)).hasSize(1);
		assertThat(databases.dropTemplates()).as("templates counted, not spares").isOne();
		assertThat(databases()).isEmpty();
	}

	@Test
	void theSystemPropertySetsTheSpares() throws SQLException {
		System.setProperty(MigratedDatabases.SPARES_PROPERTY, "0");
		try {
			MigratedDatabases databases = databases("classpath:db/good", 1);
			assertThat(databases.spares()).isZero();
			databases.create().close();
			databases.awaitSpare();
			assertThat(spares(databases)).isEmpty();
		}
		finally {
			System.clearProperty(MigratedDatabases.SPARES_PROPERTY);
		}
		assertThat(databases("classpath:db/good", 2).spares()).isEqualTo(2);
		assertThatThrownBy(() -> databases("classpath:db/good", -1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("0 or more");
	}

	private List<String> spares(MigratedDatabases databases) throws SQLException {
		return names("SELECT datname FROM pg_database WHERE starts_with(datname, '" + databases.templateName()
				+ "_s') ORDER BY datname");
	}

	private MigratorConfig config(String location) {
		return MigratorConfig.builder().locations(location).listener(this.counting).build();
	}

	private static List<String> history(MigratedDatabase database) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = database.getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT version, batch_number, executed_at FROM schema_migrations ORDER BY version")) {
			while (rs.next()) {
				rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getTimestamp(3));
			}
		}
		return rows;
	}

	private static long count(MigratedDatabase database, String sql) throws SQLException {
		try (Connection connection = database.getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * The databases of this test's prefix marked as complete templates.
	 */
	private List<String> templates() throws SQLException {
		return names("SELECT datname FROM pg_database WHERE datistemplate AND NOT datallowconn"
				+ " AND starts_with(datname, '" + this.prefix + "_tpl_')");
	}

	private List<String> databases() throws SQLException {
		return names("SELECT datname FROM pg_database WHERE starts_with(datname, '" + this.prefix + "_')");
	}

	private static List<String> names(String sql) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection admin = admin(); Statement statement = admin.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				names.add(rs.getString(1).toLowerCase(Locale.ROOT));
			}
		}
		return names;
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
	}

}
