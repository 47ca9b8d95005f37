package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.Migrator;
import io.github.migrations.TenantRunSummary;
import io.github.migrations.TenantSource;
import io.github.migrations.Tenants;
import org.flywaydb.core.Flyway;

/**
 * The two ways of migrating many tenant schemas that {@link TenantBenchmark} compares: this
 * project's {@link Tenants} (one query finds the up-to-date tenants, the others run
 * {@code parallelism} at a time), and Flyway's documented way, a loop over the schemas with one
 * {@code Flyway} each, configured with {@code schemas(tenant)}.
 */
final class TenantTools {

	static final String OURS = "migrations";

	static final String FLYWAY = "Flyway loop";

	private TenantTools() {
	}

	/**
	 * Migrates every tenant with one of the two tools.
	 * @return the migrations applied, over all tenants
	 */
	static int migrate(String tool, DataSource dataSource, Path dir, List<String> tenants, int parallelism) {
		if (tool.equals(OURS)) {
			Migrator migrator = new Migrator(dataSource, MigrationsTool.config(dir));
			TenantRunSummary summary = new Tenants(migrator, TenantSource.of(tenants), parallelism, false).migrate();
			if (!summary.successful()) {
				throw new IllegalStateException(summary.describe());
			}
			return summary.migrationsApplied();
		}
		int applied = 0;
		for (String tenant : tenants) {
			applied += Flyway.configure()
				.dataSource(dataSource)
				.schemas(tenant)
				.locations("filesystem:" + dir.toAbsolutePath())
				.load()
				.migrate().migrationsExecuted;
		}
		return applied;
	}

}
