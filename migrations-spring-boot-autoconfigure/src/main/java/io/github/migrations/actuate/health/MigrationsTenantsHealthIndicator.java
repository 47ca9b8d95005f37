package io.github.migrations.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.TenantResult;
import io.github.migrations.TenantRunSummary;
import io.github.migrations.Tenants;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the tenants ({@code migrationsTenants}), from each tenant's last result (the last run
 * of every tenant, and the runs of single tenants since): {@code DOWN} naming the tenants whose last run failed (the first
 * {@value #NAMED}, with their errors), {@code UP} otherwise, with the counts by outcome. Before any
 * tenant ran (migrations.mode=none), {@code UNKNOWN}. Reads no database: a thousand tenants' health
 * costs nothing.
 */
public class MigrationsTenantsHealthIndicator extends AbstractHealthIndicator {

	static final int NAMED = 20;

	private final Tenants tenants;

	public MigrationsTenantsHealthIndicator(Tenants tenants) {
		super("Tenants health check failed");
		this.tenants = tenants;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TenantRunSummary last = this.tenants.lastRun();
		List<TenantResult> results = this.tenants.lastResults();
		if (results.isEmpty()) {
			builder.unknown().withDetail("reason", "No tenant has run yet");
			return;
		}
		Map<String, Integer> counts = new LinkedHashMap<>();
		Map<String, String> failed = new LinkedHashMap<>();
		int failures = 0;
		for (TenantResult result : results) {
			counts.merge(result.outcome().name(), 1, Integer::sum);
			if (result.outcome() == TenantResult.Outcome.FAILED) {
				failures++;
				if (failed.size() < NAMED) {
					failed.put(result.tenant(), (result.failure() != null && result.failure().getMessage() != null)
							? result.failure().getMessage().lines().findFirst().orElse("") : "failed");
				}
			}
		}
		if (failures > 0) {
			builder.down().withDetail("failed", failed).withDetail("failedCount", failures);
		}
		else {
			builder.up();
		}
		builder.withDetail("tenants", results.size()).withDetail("outcomes", counts);
		if (last != null) {
			builder.withDetail("lastRun", last.startedAt().toString());
		}
	}

}
