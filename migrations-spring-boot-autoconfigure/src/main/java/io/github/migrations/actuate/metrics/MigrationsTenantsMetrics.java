package io.github.migrations.actuate.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.migrations.TenantListener;
import io.github.migrations.TenantResult;
import io.github.migrations.TenantRunSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The tenants' meters, aggregated over all tenants (a tag per tenant would make one time series
 * per tenant: thousands):
 * <ul>
 * <li>{@code migrations.tenants.run} timer: each tenant's run, tagged {@code outcome}
 * ({@code applied}, {@code up_to_date}, {@code failed});</li>
 * <li>{@code migrations.tenants.checked} counter: tenants the history digests found up to date
 * (no run of their own);</li>
 * <li>{@code migrations.tenants.failed} and {@code migrations.tenants.total} gauges: after the last
 * run of every tenant.</li>
 * </ul>
 * The migrations themselves are in the {@code migrations.*} meters of {@link MigrationsMetrics},
 * which every tenant's run reports to as well.
 */
public class MigrationsTenantsMetrics implements TenantListener {

	private final MeterRegistry registry;

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicInteger total = new AtomicInteger();

	public MigrationsTenantsMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("migrations.tenants.failed", this.failed, AtomicInteger::get)
			.description("Tenants whose last run failed")
			.register(registry);
		Gauge.builder("migrations.tenants.total", this.total, AtomicInteger::get)
			.description("Tenants in the last run of all tenants")
			.register(registry);
	}

	@Override
	public void tenantFinished(TenantResult result) {
		Timer.builder("migrations.tenants.run")
			.description("Runs of one tenant")
			.tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.record(result.duration());
	}

	@Override
	public void tenantsFinished(TenantRunSummary summary) {
		Counter.builder("migrations.tenants.checked")
			.description("Tenants found up to date by the history digests")
			.register(this.registry)
			.increment(summary.checkedAtOnce());
		this.failed.set(summary.count(TenantResult.Outcome.FAILED));
		this.total.set(summary.results().size());
	}

}
