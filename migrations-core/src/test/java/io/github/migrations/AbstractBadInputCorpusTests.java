package io.github.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.migrations.rollback.RollbackRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Malformed and hostile migration sets, one directory each under {@code bad-input/}, each with an
 * {@code expected.txt} of {@code key: value} lines:
 * <ul>
 * <li>{@code database}: the databases the case runs on, separated by spaces: {@code h2},
 * {@code postgresql}, {@code mariadb} (default {@code h2 mariadb}: the case fails before any
 * database decides, so H2 stands for PostgreSQL). {@link BadInputCorpusTests} runs a case on the
 * first of {@code h2} and {@code postgresql} it lists, {@link BadInputCorpusMariaDbTests} every
 * case that lists {@code mariadb};</li>
 * <li>{@code outcome}: {@code fail} (default) or {@code success};</li>
 * <li>{@code contains}: a part the error message must contain (repeatable);</li>
 * <li>{@code applied}: history rows after the run (default 0);</li>
 * <li>{@code absent-table} / {@code present-table}: tables that must not / must exist after the run;</li>
 * <li>{@code generate}: {@code big-file}, {@code many-files} or {@code symlink-loop}, made at test time;</li>
 * <li>{@code java}: {@code throwing} adds a Java migration that throws;</li>
 * <li>{@code then}: {@code rollback} runs a rollback of the last batch after a successful migrate, and
 * the expectations apply to it.</li>
 * </ul>
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class AbstractBadInputCorpusTests {

	@TempDir
	Path directory;

	/**
	 * The database this class runs a case on, of those the case lists; {@code null} when none.
	 */
	abstract @Nullable String database(List<String> listed);

	/**
	 * A fresh schema on {@code database}, unqualified names of the migrations landing in it.
	 */
	abstract Target target(String database);

	Stream<String> cases() throws IOException, URISyntaxException {
		Path root = Path.of(AbstractBadInputCorpusTests.class.getResource("/bad-input").toURI());
		try (Stream<Path> dirs = Files.list(root)) {
			return dirs.filter(Files::isDirectory)
				.filter((d) -> database(Expected.read(d.resolve("expected.txt")).databases) != null)
				.map((d) -> d.getFileName().toString())
				.sorted()
				.toList()
				.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void migrationSetFailsWithTheExpectedMessageAndAppliesNothingOfTheFailingMigration(String name) throws Exception {
		Path source = Path.of(AbstractBadInputCorpusTests.class.getResource("/bad-input/" + name).toURI());
		Expected expected = Expected.read(source.resolve("expected.txt"));
		Path migrations = this.directory.resolve("migrations");
		copy(source, migrations);
		long generated = generate(expected.generate, migrations);
		String database = database(expected.databases);
		Target target = target(database);
		MigratorConfig.Builder config = MigratorConfig.builder()
			.locations("filesystem:" + migrations)
			.schema(target.schema);
		if ("throwing".equals(expected.java)) {
			config.javaMigrations(List.of(new V3__Throwing()));
		}
		Migrator migrator = new Migrator(target.dataSource, config.build());
		long started = System.nanoTime();
		Runnable run = "rollback".equals(expected.then) ? () -> {
			migrator.migrate();
			migrator.rollback(RollbackRequest.lastBatch("test").confirmed());
		} : migrator::migrate;
		if (expected.success) {
			assertThatNoException().isThrownBy(run::run);
		}
		else {
			var thrown = assertThatExceptionOfType(MigrationException.class).isThrownBy(run::run);
			for (String part : expected.contains) {
				thrown.withMessageContaining(part);
			}
		}
		if (expected.generate != null) {
			System.out.println("bad-input " + name + " on " + database + ": " + expected.generate + " (" + generated
					+ ") handled in " + (System.nanoTime() - started) / 1_000_000 + " ms");
		}
		JdbcTemplate jdbc = new JdbcTemplate(target.dataSource);
		assertThat(historyRows(jdbc, target)).as("history rows").isEqualTo(expected.applied);
		for (String table : expected.absentTables) {
			assertThat(tableExists(target, table)).as("table " + table + " exists").isFalse();
		}
		for (String table : expected.presentTables) {
			assertThat(tableExists(target, table)).as("table " + table + " exists").isTrue();
		}
	}

	private static int historyRows(JdbcTemplate jdbc, Target target) {
		try {
			Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + target.quote(target.schema)
					+ ".schema_migrations", Integer.class);
			return (rows != null) ? rows : 0;
		}
		catch (RuntimeException ex) {
			// no history table: nothing was applied
			return 0;
		}
	}

	private static boolean tableExists(Target target, String table) throws SQLException {
		try (Connection c = target.dataSource.getConnection()) {
			if (target.schemaIsCatalog) {
				try (var rs = c.getMetaData().getTables(target.schema, null, table, null)) {
					return rs.next();
				}
			}
			// H2 cases run in a database of their own: unqualified names land in PUBLIC there
			for (String s : List.of(target.schema, "PUBLIC")) {
				for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
					try (var rs = c.getMetaData().getTables(null, s, t, null)) {
						if (rs.next()) {
							return true;
						}
					}
				}
			}
			return false;
		}
	}

	private static void copy(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Path to = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(to);
				}
				else if (!file.getFileName().toString().equals("expected.txt")) {
					Files.copy(file, to);
				}
			}
		}
	}

	/**
	 * Makes what is too big, too many or impossible to commit.
	 * @return a figure for the report (bytes or files)
	 */
	private static long generate(String what, Path migrations) throws IOException {
		if (what == null) {
			return 0;
		}
		switch (what) {
			case "big-file" -> {
				// ~50 MB in 5,000 statements of 10 KB each: reading, checksum and splitting at scale
				Path file = migrations.resolve("2_big.sql");
				String payload = "x".repeat(10 * 1024);
				try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
					out.write("-- +migrate Up\nCREATE TABLE big (id int, note varchar(10240));\n");
					for (int i = 0; i < 5_000; i++) {
						out.write("INSERT INTO big VALUES (" + i + ", '" + payload + "');\n");
					}
					out.write("\n-- +migrate Down\nDROP TABLE big;\n");
				}
				return Files.size(file);
			}
			case "many-files" -> {
				for (int i = 1; i <= 10_000; i++) {
					Files.writeString(migrations.resolve(String.format("%05d_step.sql", i)),
							"-- +migrate Up\nSELECT " + i + ";\n-- +migrate Down\nSELECT " + i + ";\n");
				}
				return 10_000;
			}
			case "symlink-loop" -> {
				Path sub = Files.createDirectories(migrations.resolve("sub"));
				Files.createSymbolicLink(sub.resolve("loop"), migrations);
				return 1;
			}
			default -> throw new IllegalArgumentException("Unknown generate: " + what);
		}
	}

	/**
	 * Where a case runs: its connections, its schema, how the database quotes a name and whether
	 * its schemas are JDBC catalogs (MariaDB's databases).
	 */
	record Target(DataSource dataSource, String schema, char quote, boolean schemaIsCatalog) {

		String quote(String name) {
			return this.quote + name + this.quote;
		}

	}

	private static final class Expected {

		List<String> databases = List.of("h2", "mariadb");

		boolean success;

		final List<String> contains = new ArrayList<>();

		int applied;

		final List<String> absentTables = new ArrayList<>();

		final List<String> presentTables = new ArrayList<>();

		String generate;

		String java;

		String then;

		static Expected read(Path file) {
			Expected expected = new Expected();
			try {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					if (line.isBlank() || line.startsWith("#")) {
						continue;
					}
					int colon = line.indexOf(':');
					String key = line.substring(0, colon).strip();
					String value = line.substring(colon + 1).strip();
					switch (key) {
						case "database" -> expected.databases = List.of(value.split("[\\s,]+"));
						case "outcome" -> expected.success = value.equals("success");
						case "contains" -> expected.contains.add(value);
						case "applied" -> expected.applied = Integer.parseInt(value);
						case "absent-table" -> expected.absentTables.add(value);
						case "present-table" -> expected.presentTables.add(value);
						case "generate" -> expected.generate = value;
						case "java" -> expected.java = value;
						case "then" -> expected.then = value;
						default -> throw new IllegalArgumentException("Unknown key '" + key + "' in " + file);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			if (!expected.success && expected.contains.isEmpty()) {
				throw new IllegalArgumentException(file + " expects a failure but names no message part");
			}
			return expected;
		}

	}

	/**
	 * A Java migration whose {@code up} throws.
	 */
	static final class V3__Throwing extends BaseJavaMigration {

		@Override
		public void up(MigrationContext context) throws Exception {
			context.jdbcTemplate().execute("CREATE TABLE java_half (id int)");
			throw new IllegalStateException("Java migration failed on purpose");
		}

	}

}
