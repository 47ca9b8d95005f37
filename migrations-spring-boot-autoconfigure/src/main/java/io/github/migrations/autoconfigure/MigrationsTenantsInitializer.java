package io.github.migrations.autoconfigure;

import java.util.List;

import io.github.migrations.MigrationException;
import io.github.migrations.TenantStatus;
import io.github.migrations.Tenants;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Runs every tenant at startup, after the default schema ({@link MigrationsInitializer}), as
 * {@code migrations.mode} says: {@code migrate} and {@code job} migrate every tenant
 * ({@link Tenants#migrate()}: a failing tenant fails the start only with
 * {@code migrations.tenants.fail-fast}; otherwise the health is DOWN naming it), {@code validate}
 * refuses to start while a tenant is not up to date, {@code none} does nothing. Beans that use the
 * database wait for it too ({@link MigrationsTenantsInitializerDetector}).
 */
public class MigrationsTenantsInitializer implements InitializingBean {

	private static final Log logger = LogFactory.getLog(MigrationsTenantsInitializer.class);

	private final Tenants tenants;

	private final MigrationsMode mode;

	/**
	 * @param tenants the tenants to run
	 * @param mode what to do at startup
	 */
	public MigrationsTenantsInitializer(Tenants tenants, MigrationsMode mode) {
		this.tenants = tenants;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() {
		switch (this.mode) {
			case MIGRATE, JOB -> this.tenants.migrate();
			case VALIDATE -> validate();
			case NONE -> logger.debug("Tenants are not migrated at startup (migrations.mode=none)");
		}
	}

	private void validate() {
		List<TenantStatus> behind = this.tenants.status()
			.stream()
			.filter((status) -> status.state() != TenantStatus.State.UP_TO_DATE)
			.toList();
		if (!behind.isEmpty()) {
			throw new MigrationException(behind.size() + " tenant(s) not up to date (migrations.mode=validate): "
					+ String.join(", ", behind.stream().limit(20).map((s) -> s.tenant() + " " + s.state()).toList())
					+ ((behind.size() > 20) ? ", ..." : ""),
					"Migrate the tenants first (the migration job, or migrations-cli migrate --all-tenants).");
		}
	}

	public Tenants getTenants() {
		return this.tenants;
	}

}
