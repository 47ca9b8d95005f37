package io.github.migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A runner in a JVM of its own, for {@link AbstractMigratorRaceTests}: migrates and exits 0, or
 * prints the error and exits 1. Arguments: JDBC URL (PostgreSQL or MariaDB), user, schema, location,
 * lease in milliseconds, target version ({@code -} for all), and optionally a file to create when
 * ready plus a file to wait for before starting (so that every runner starts at the same moment).
 * The password, if any, is in the environment variable {@value #PASSWORD}. With the system property
 * {@code migrate.pauseAfterFirst} (a file), it creates that file once the first migration has
 * committed and sleeps two seconds before the next one, so that a test can stop it right there.
 */
public final class MigrateMain {

	static final String PASSWORD = "MIGRATE_MAIN_PASSWORD";

	private MigrateMain() {
	}

	public static void main(String[] args) throws Exception {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(DriverManager.getDriver(args[0]), args[0],
				args[1], System.getenv().getOrDefault(PASSWORD, ""));
		MigratorConfig.Builder builder = MigratorConfig.builder();
		String pauseAfterFirst = System.getProperty("migrate.pauseAfterFirst");
		if (pauseAfterFirst != null) {
			builder.listener(new MigrationListener() {

				@Override
				public void migrationSucceeded(MigrationDescriptor migration, Direction direction, Duration duration) {
					Path marker = Path.of(pauseAfterFirst);
					if (Files.exists(marker)) {
						return;
					}
					try {
						Files.createFile(marker);
						Thread.sleep(2000);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}

			});
		}
		MigratorConfig config = builder
			.schema(args[2])
			.locations(args[3])
			.lockLease(Duration.ofMillis(Long.parseLong(args[4])))
			.lockWaitTimeout(Duration.ofMinutes(2))
			.target("-".equals(args[5]) ? null : MigrationVersion.parse(args[5]))
			.build();
		if (args.length > 7) {
			Files.createFile(Path.of(args[6]));
			Path go = Path.of(args[7]);
			while (!Files.exists(go)) {
				Thread.sleep(5);
			}
		}
		try {
			RunResult result = new Migrator(dataSource, config).migrate();
			System.out.println("applied=" + result.migrations().size());
			System.exit(0);
		}
		catch (Throwable ex) {
			ex.printStackTrace(System.out);
			System.exit(1);
		}
	}

}
