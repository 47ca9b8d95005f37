package io.github.migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A runner of every tenant in a JVM of its own, for {@link TenantsProcessPostgresTests}: prints
 * {@code applied=<migrations>} and exits 0 when no tenant failed, else 1. Arguments: JDBC URL,
 * user, location, lease in milliseconds, parallelism, the tenants (comma-separated), and
 * optionally a file to create when ready plus a file to wait for before starting.
 */
public final class TenantsMain {

	private TenantsMain() {
	}

	public static void main(String[] args) throws Exception {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(DriverManager.getDriver(args[0]), args[0],
				args[1], System.getenv().getOrDefault(MigrateMain.PASSWORD, ""));
		Migrator migrator = new Migrator(dataSource, MigratorConfig.builder()
			.locations(args[2])
			.lockLease(Duration.ofMillis(Long.parseLong(args[3])))
			.lockWaitTimeout(Duration.ofMinutes(2))
			.build());
		List<String> tenants = Arrays.asList(args[5].split(","));
		Tenants run = new Tenants(migrator, TenantSource.of(tenants), Integer.parseInt(args[4]), false);
		if (args.length > 7) {
			Files.createFile(Path.of(args[6]));
			Path go = Path.of(args[7]);
			while (!Files.exists(go)) {
				Thread.sleep(5);
			}
		}
		TenantRunSummary summary = run.migrate();
		System.out.println("applied=" + summary.migrationsApplied());
		System.exit(summary.successful() ? 0 : 1);
	}

}
