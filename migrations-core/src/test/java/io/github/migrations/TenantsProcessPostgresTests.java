package io.github.migrations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runners of every tenant in JVMs of their own ({@link TenantsMain}) on a real PostgreSQL: one
 * killed with {@code kill -9} in the middle of the tenants, after which the next run finishes
 * every tenant; and two starting at the same moment over the same tenants, which apply every
 * tenant's migrations once between them.
 */
class TenantsProcessPostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@TempDir
	static Path directory;

	static MigrationFiles files;

	@BeforeAll
	static void writeMigrations() {
		files = new MigrationFiles(directory.resolve("migrations"));
		files.migration("1_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);", "DROP TABLE items;");
		// slow enough that a kill lands in the middle of the tenants
		files.migration("2_slow.sql", "SELECT pg_sleep(0.15); ALTER TABLE items ADD COLUMN note text;",
				"ALTER TABLE items DROP COLUMN note;");
		files.migration("3_seed.sql", "INSERT INTO items (id, note) VALUES (1, 'seed');", "DELETE FROM items;");
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(database.dataSource());
	}

	static List<String> tenants(String prefix, int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> prefix + "_" + i).toList();
	}

	int tenantsDone(String prefix) {
		return jdbc().queryForObject("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
				+ "WHERE c.relname = 'items' AND n.nspname LIKE ? AND EXISTS (SELECT 1 FROM pg_attribute a "
				+ "WHERE a.attrelid = c.oid AND a.attname = 'note')", Integer.class, prefix + "\\_%");
	}

	void assertEveryTenantMigratedOnce(List<String> tenants) {
		for (String tenant : tenants) {
			assertThat(jdbc().queryForObject("SELECT count(*) FROM " + tenant + ".schema_migrations WHERE success",
					Integer.class)).as(tenant).isEqualTo(3);
			assertThat(jdbc().queryForObject("SELECT count(*) FROM " + tenant + ".schema_migrations", Integer.class))
				.as(tenant)
				.isEqualTo(3);
			assertThat(jdbc().queryForObject("SELECT count(*) FROM " + tenant + ".items", Integer.class)).as(tenant)
				.isEqualTo(1);
		}
	}

	@Test
	void aRunKilledInTheMiddleOfTheTenantsIsFinishedByTheNextRun() throws Exception {
		List<String> tenants = tenants("k", 24);
		Process killed = runner(tenants, directory.resolve("out-killed"), null, null);
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			while (tenantsDone("k") < 4) {
				assertThat(killed.isAlive()).as("runner alive").isTrue();
				assertThat(System.nanoTime()).as("runner got going").isLessThan(deadline);
				Thread.sleep(20);
			}
		}
		finally {
			killed.destroyForcibly();
		}
		assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
		int doneAtKill = tenantsDone("k");
		assertThat(doneAtKill).as("killed in the middle").isBetween(4, tenants.size() - 1);
		int rowsAtKill = 0;
		for (String tenant : tenants) {
			if (jdbc().queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
					tenant + ".schema_migrations")) {
				rowsAtKill += jdbc().queryForObject("SELECT count(*) FROM " + tenant + ".schema_migrations WHERE success",
						Integer.class);
			}
		}

		Migrator migrator = new Migrator(database.dataSource(),
				MigratorConfig.builder().locations(files.location()).lockLease(LEASE).build());
		TenantRunSummary next = new Tenants(migrator, TenantSource.of(tenants), 4, false).migrate();

		assertThat(next.failures()).isEmpty();
		assertThat(next.checkedAtOnce()).as("tenants finished before the kill need no run").isPositive();
		assertThat(rowsAtKill + next.migrationsApplied()).as("each migration once: before the kill or after")
			.isEqualTo(tenants.size() * 3);
		assertEveryTenantMigratedOnce(tenants);
	}

	@Test
	void twoRunnersStartingTogetherInTheirOwnJvmsApplyEveryTenantOnce() throws Exception {
		List<String> tenants = tenants("j", 20);
		Path go = directory.resolve("go");
		List<Process> runners = new ArrayList<>();
		List<Path> ready = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				ready.add(directory.resolve("ready-" + i));
				runners.add(runner(tenants, directory.resolve("out-" + i), ready.get(i).toString(), go.toString()));
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			while (!ready.stream().allMatch(Files::exists)) {
				assertThat(runners).as("runners alive").allMatch(Process::isAlive);
				assertThat(System.nanoTime()).as("runners ready").isLessThan(deadline);
				Thread.sleep(20);
			}
			Files.createFile(go);
			int applied = 0;
			for (int i = 0; i < runners.size(); i++) {
				assertThat(runners.get(i).waitFor(3, TimeUnit.MINUTES)).isTrue();
				String out = Files.readString(directory.resolve("out-" + i), StandardCharsets.UTF_8);
				assertThat(runners.get(i).exitValue()).as(out).isZero();
				applied += Integer.parseInt(out.lines()
					.filter((line) -> line.startsWith("applied="))
					.findFirst()
					.orElseThrow()
					.substring("applied=".length()));
			}
			assertThat(applied).isEqualTo(tenants.size() * 3);
		}
		finally {
			runners.forEach(Process::destroyForcibly);
		}
		assertEveryTenantMigratedOnce(tenants);
	}

	Process runner(List<String> tenants, Path out, String readyFile, String goFile) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), TenantsMain.class.getName(), database.jdbcUrl(),
				database.user(), files.location(), String.valueOf(LEASE.toMillis()), "2", String.join(",", tenants)));
		if (readyFile != null) {
			command.add(readyFile);
			command.add(goFile);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
		builder.environment().put(MigrateMain.PASSWORD, database.password());
		return builder.start();
	}

}
