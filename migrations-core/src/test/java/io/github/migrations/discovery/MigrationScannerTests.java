package io.github.migrations.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationParseException;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.dialect.h2.H2Dialect;
import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MigrationScannerTests {

	@TempDir
	Path directory;

	private final MigrationScanner scanner = new MigrationScanner(new DefaultResourceLoader(), StandardCharsets.UTF_8);

	@Test
	void findsFilesRecursivelyAndSortsThemByVersion() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("10_ten.sql", "-- +migrate Up\nSELECT 10;");
		files.write("nested/deeper/9_nine.sql", "-- +migrate Up\nSELECT 9;");
		files.write("V1_5__flyway.sql", "-- +migrate Up\nSELECT 1;");
		files.write("README.md", "not a migration");
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of());
		assertThat(found).extracting((m) -> m.version().toString()).containsExactly("1.5", "9", "10");
		assertThat(found.get(1).location()).startsWith("filesystem:").endsWith("nested/deeper/9_nine.sql");
	}

	@Test
	void manyFilesReadInParallelComeOutInOrderWithTheirChecksumsAndTheFirstBadFileFoundFailsTheScan()
			throws IOException {
		MigrationFiles files = new MigrationFiles(this.directory);
		for (int i = 1; i <= 300; i++) {
			files.write(i + "_m" + i + ".sql", "-- +migrate Up\nSELECT " + i + ";");
		}
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of());
		assertThat(found).hasSize(300);
		for (int i = 0; i < 300; i++) {
			ResolvedMigration migration = found.get(i);
			assertThat(migration.version()).hasToString(String.valueOf(i + 1));
			assertThat(migration.checksum()).isEqualTo(ResolvedMigration.sql(migration.version(), "x", "x",
					"-- +migrate Up\nSELECT " + (i + 1) + ";", new PostgresDialect().splitter()).checksum());
		}

		// two files that are not UTF-8: the one the directory lists first is the one reported,
		// as when the files were read one by one
		for (String name : List.of("120_bad.sql", "240_bad.sql")) {
			Files.write(this.directory.resolve(name), new byte[] { 'S', 'E', 'L', 'E', 'C', 'T', ' ', (byte) 0xE9, ';' });
		}
		String first;
		try (java.util.stream.Stream<Path> listed = Files.list(this.directory)) {
			first = listed.map((path) -> path.getFileName().toString())
				.filter((name) -> name.endsWith("_bad.sql"))
				.findFirst()
				.orElseThrow();
		}
		for (int attempt = 0; attempt < 5; attempt++) {
			assertThatExceptionOfType(MigrationParseException.class)
				.isThrownBy(() -> this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of()))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains(first).contains("not valid UTF-8"));
		}
	}

	@Test
	void followsLinksToFilesAndDirectoriesAndPassesOverALinkToNothing() throws IOException {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("migrations"));
		files.write("1_one.sql", "-- +migrate Up\nSELECT 1;");
		Path elsewhere = Files.createDirectories(this.directory.resolve("elsewhere"));
		Files.writeString(elsewhere.resolve("2_two.sql"), "-- +migrate Up\nSELECT 2;");
		Files.writeString(this.directory.resolve("3_three.sql"), "-- +migrate Up\nSELECT 3;");
		Path root = this.directory.resolve("migrations");
		Files.createSymbolicLink(root.resolve("linked"), elsewhere);
		Files.createSymbolicLink(root.resolve("3_three.sql"), this.directory.resolve("3_three.sql"));
		Files.createSymbolicLink(root.resolve("4_gone.sql"), this.directory.resolve("no-such-file.sql"));
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of());
		assertThat(found).extracting((m) -> m.version().toString()).containsExactly("1", "2", "3");
		assertThat(found.get(1).location()).isEqualTo(files.location() + "/linked/2_two.sql");
		assertThat(found.get(2).checksum())
			.isEqualTo(ResolvedMigration.sql(found.get(2).version(), "three", "x", "-- +migrate Up\nSELECT 3;",
					new PostgresDialect().splitter()).checksum());
	}

	@Test
	void aSecondScanSeesEveryEditAdditionAndRemovalEvenWithTheSameSizeAndTime() throws IOException {
		// nothing of a file is trusted but its text: an edit that keeps its size and time shows
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("1_one.sql", "-- +migrate Up\nSELECT 1;");
		files.write("2_two.sql", "-- +migrate Up\nSELECT 2;");
		List<ResolvedMigration> first = this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of());
		Path one = this.directory.resolve("1_one.sql");
		java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(one);
		Files.writeString(one, "-- +migrate Up\nSELECT 9;");
		Files.setLastModifiedTime(one, time);
		Files.delete(this.directory.resolve("2_two.sql"));
		files.write("3_three.sql", "-- +migrate Up\nSELECT 3;");
		List<ResolvedMigration> second = this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of());
		assertThat(second).extracting((m) -> m.version().toString()).containsExactly("1", "3");
		assertThat(second.get(0).checksum()).isNotEqualTo(first.get(0).checksum());
		assertThat(second.get(0).sections().up().text()).contains("SELECT 9");
	}

	@Test
	void replacesTheVendorPlaceholder() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("h2/1_h2.sql", "-- +migrate Up\nSELECT 1;");
		files.write("postgresql/1_pg.sql", "-- +migrate Up\nSELECT 1;");
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location() + "/{vendor}"), new H2Dialect(),
				List.of());
		assertThat(found).singleElement().satisfies((m) -> assertThat(m.name()).isEqualTo("h2"));
	}

	@Test
	void findsMigrationsInsideAJarOnTheClasspath() throws IOException {
		Path jar = this.directory.resolve("migrations.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			// Directory entries as jar tools write them: Spring's classpath*: search needs them.
			for (String dir : List.of("db/", "db/migration/", "db/migration/sub/", "db/other/")) {
				out.putNextEntry(new JarEntry(dir));
				out.closeEntry();
			}
			entry(out, "db/migration/20240101000000_first.sql", "-- +migrate Up\nCREATE TABLE a (id int);\n");
			entry(out, "db/migration/sub/20240101000001_second.sql", "-- +migrate Up\nCREATE TABLE b (id int);\n");
			entry(out, "db/other/20240101000002_elsewhere.sql", "-- +migrate Up\nSELECT 1;\n");
		}
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			MigrationScanner jarScanner = new MigrationScanner(new DefaultResourceLoader(classLoader),
					StandardCharsets.UTF_8);
			List<ResolvedMigration> found = jarScanner.scan(List.of("classpath:db/migration"), new PostgresDialect(),
					List.of());
			assertThat(found).extracting(ResolvedMigration::name).containsExactly("first", "second");
			assertThat(found.get(0).location()).isEqualTo("classpath:db/migration/20240101000000_first.sql");
			assertThat(found.get(1).sections().up().text()).contains("CREATE TABLE b");
		}
	}

	@Test
	void aMissingLocationYieldsNoMigrations() {
		assertThat(this.scanner.scan(List.of("classpath:no/such/place"), new H2Dialect(), List.of())).isEmpty();
	}

	@Test
	void invalidUtf8IsReportedWithItsLine() throws IOException {
		Path file = this.directory.resolve("1_latin1.sql");
		byte[] head = "-- +migrate Up\nSELECT 1;\nSELECT '".getBytes(StandardCharsets.UTF_8);
		byte[] tail = "';\n".getBytes(StandardCharsets.UTF_8);
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(head);
			out.write(0xE9); // 'é' in ISO-8859-1: not valid UTF-8
			out.write(tail);
		}
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.scanner.scan(List.of("filesystem:" + this.directory), new H2Dialect(), List.of()))
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.getScript()).endsWith("1_latin1.sql");
				assertThat(ex.getMessage()).contains("not valid UTF-8").contains("migrations.encoding");
			});
	}

	@Test
	void theSameVersionInTwoLocationsNamesBothFiles() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("a/5_one.sql", "-- +migrate Up\nSELECT 1;");
		files.write("b/0005_two.sql", "-- +migrate Up\nSELECT 1;");
		assertThatExceptionOfType(MigrationValidationException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location() + "/a", files.location() + "/b"),
					new H2Dialect(), List.of()))
			.withMessageContaining("5_one.sql")
			.withMessageContaining("0005_two.sql")
			.withMessageContaining("new version");
	}

	@Test
	void aThirdFileOfAVersionIsReportedWithTheFirstAndOneFileFoundTwiceIsOne() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("a/5_one.sql", "-- +migrate Up\nSELECT 1;");
		files.write("b/0005_two.sql", "-- +migrate Up\nSELECT 1;");
		files.write("c/V5__three.sql", "SELECT 1;");
		files.write("a/6_six.sql", "-- +migrate Up\nSELECT 6;");
		assertThatExceptionOfType(MigrationValidationException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location() + "/a", files.location() + "/b",
					files.location() + "/c"), new H2Dialect(), List.of()))
			.satisfies((ex) -> assertThat(ex.getProblems()).extracting((p) -> p.message())
				.satisfiesExactly(
						(message) -> assertThat(message).contains("declared twice: " + files.location() + "/a/5_one.sql and "
								+ files.location() + "/b/0005_two.sql"),
						(message) -> assertThat(message).contains("declared twice: " + files.location() + "/a/5_one.sql and "
								+ files.location() + "/c/V5__three.sql")));
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location() + "/a", files.location() + "/a"),
				new H2Dialect(), List.of());
		assertThat(found).extracting((m) -> m.version().toString()).containsExactly("5", "6");
	}

	@Test
	void leavesFilesAloneThatAreNoMigrationsAndReportsOnesThatLookLikeOne() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("V1__init.sql", "CREATE TABLE a (id int);\n");
		files.write("README.md", "# migrations");
		files.write("notes.txt", "todo");
		files.write("V1__init.sql.bak", "old");
		files.write("V1__init.sql.conf", "executeInTransaction=true");
		assertThat(this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of())).hasSize(1);
		files.write("sub/V2__users.SQL", "CREATE TABLE users (id int);\n");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of()))
			.satisfies((ex) -> assertThat(ex.getScript()).endsWith("sub/V2__users.SQL"))
			.withMessageContaining("Rename it to V2__users.sql");
	}

	@Test
	void reportsAnUpperCaseExtensionInsideAJarToo() throws IOException {
		Path jar = this.directory.resolve("migrations.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String dir : List.of("db/", "db/migration/")) {
				out.putNextEntry(new JarEntry(dir));
				out.closeEntry();
			}
			entry(out, "db/migration/V1__first.sql", "CREATE TABLE a (id int);\n");
			entry(out, "db/migration/V2__second.SQL", "CREATE TABLE b (id int);\n");
			entry(out, "db/migration/README.md", "# not a migration\n");
		}
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			MigrationScanner jarScanner = new MigrationScanner(new DefaultResourceLoader(classLoader),
					StandardCharsets.UTF_8);
			assertThatExceptionOfType(MigrationParseException.class)
				.isThrownBy(() -> jarScanner.scan(List.of("classpath:db/migration"), new PostgresDialect(), List.of()))
				.satisfies((ex) -> assertThat(ex.getScript()).isEqualTo("classpath:db/migration/V2__second.SQL"));
		}
	}

	@Test
	void findsSqlCallbacksAndSortsThemByFileName() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("V1__init.sql", "CREATE TABLE a (id int);\n");
		files.write("afterMigrate__b_grants.sql", "GRANT SELECT ON a TO PUBLIC;\n");
		files.write("sub/afterMigrate.sql", "SELECT 1;\n");
		files.write("beforeEachMigrate.sql", "SELECT 2;\n");
		MigrationScanner.LocalFiles found = this.scanner.scanFiles(List.of(files.location()), new PostgresDialect(),
				List.of());
		assertThat(found.migrations()).hasSize(1);
		assertThat(found.callbacks()).extracting(SqlCallbackFile::fileName)
			.containsExactly("afterMigrate.sql", "afterMigrate__b_grants.sql", "beforeEachMigrate.sql");
		assertThat(found.callbacks()).extracting(SqlCallbackFile::event)
			.containsExactly(MigrationCallback.Event.AFTER_MIGRATE, MigrationCallback.Event.AFTER_MIGRATE,
					MigrationCallback.Event.BEFORE_EACH_MIGRATE);
	}

	@Test
	void makesAnUndoFileTheDownOfItsVersion() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("V1__users.sql", "CREATE TABLE users (id int);\n");
		files.write("U1__users.sql", "-- undoes V1\nDROP TABLE users;\n");
		files.write("V2__more.sql", "CREATE TABLE more (id int);\n");
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of());
		assertThat(found).hasSize(2);
		ResolvedMigration first = found.get(0);
		assertThat(first.reversible()).isTrue();
		assertThat(first.downLocation()).endsWith("U1__users.sql");
		assertThat(first.downText()).isEqualTo("-- undoes V1\nDROP TABLE users;\n");
		assertThat(first.downStatements()).singleElement().satisfies((statement) -> {
			assertThat(statement.sql()).isEqualTo("DROP TABLE users");
			assertThat(statement.line()).isEqualTo(2);
		});
		assertThat(first.checksum()).isEqualTo(
				this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of()).get(0).checksum());
		assertThat(found.get(1).reversible()).isFalse();
	}

	@Test
	void refusesAnUndoFileWithoutItsMigrationNamingIt() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("V1__users.sql", "CREATE TABLE users (id int);\n");
		files.write("U2__gone.sql", "DROP TABLE gone;\n");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of()))
			.satisfies((ex) -> assertThat(ex.getScript()).endsWith("U2__gone.sql"))
			.withMessageContaining("no migration has that version");
	}

	@Test
	void refusesAnUndoFileForAMigrationWithADownSectionNamingBoth() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_users.sql", "CREATE TABLE users (id int);", "DROP TABLE users;");
		files.write("U1__users.sql", "DROP TABLE users;\n");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of()))
			.withMessageContaining("U1__users.sql")
			.withMessageContaining("Down section of")
			.withMessageContaining("1_users.sql (line 4)");
	}

	@Test
	void refusesTwoUndoFilesForOneVersion() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("V1__users.sql", "CREATE TABLE users (id int);\n");
		files.write("U1__users.sql", "DROP TABLE users;\n");
		files.write("sub/U1__again.sql", "DROP TABLE users;\n");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location()), new PostgresDialect(), List.of()))
			.withMessageContaining("Two undo files for version 1")
			.withMessageContaining("U1__users.sql")
			.withMessageContaining("U1__again.sql");
	}

	@Test
	void listsVersionedThenBaselineThenRepeatableFilesAsFlywayRunsThem() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("V2__two.sql", "-- +migrate Up\nSELECT 2;");
		files.write("R__b_views.sql", "-- +migrate Up\nSELECT 'b';");
		files.write("B2__base.sql", "-- +migrate Up\nSELECT 'base';");
		files.write("nested/R__a_grants.sql", "-- +migrate Up\nSELECT 'a';");
		files.write("1_one.sql", "-- +migrate Up\nSELECT 1;");
		List<ResolvedMigration> found = this.scanner.scan(List.of(files.location()), new H2Dialect(), List.of());
		assertThat(found).extracting((m) -> m.kind() + " " + m.version() + " " + m.name())
			.containsExactly("SQL 1 one", "SQL 2 two", "BASELINE 2 base", "REPEATABLE null a_grants",
					"REPEATABLE null b_views");
		assertThat(found).extracting(ResolvedMigration::isVersioned).containsExactly(true, true, false, false, false);
	}

	@Test
	void twoRepeatableFilesWithOneNameNameBothFiles() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.write("a/R__views.sql", "-- +migrate Up\nSELECT 1;");
		files.write("b/R__views.sql", "-- +migrate Up\nSELECT 2;");
		assertThatExceptionOfType(MigrationValidationException.class)
			.isThrownBy(() -> this.scanner.scan(List.of(files.location() + "/a", files.location() + "/b"),
					new H2Dialect(), List.of()))
			.withMessageContaining("Repeatable migration views is declared twice")
			.withMessageContaining("a/R__views.sql")
			.withMessageContaining("b/R__views.sql")
			.withMessageContaining("Rename one of them");
	}

	private static void entry(JarOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new JarEntry(name));
		out.write(content.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

}
