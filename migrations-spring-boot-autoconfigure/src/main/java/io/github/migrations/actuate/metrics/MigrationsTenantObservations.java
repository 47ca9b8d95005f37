package io.github.migrations.actuate.metrics;

import java.util.Locale;

import io.github.migrations.TenantListener;
import io.github.migrations.TenantResult;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Observation} per tenant's run ({@code migrations.tenant}): high-cardinality
 * {@code tenant} (the schema: fine on a span, never a meter tag), low-cardinality {@code outcome}.
 * Its scope is open on the thread that runs the tenant, so the tenant's {@code migrations.run}
 * and {@code migrations.migration} observations ({@link MigrationsObservations}) nest under it.
 */
public class MigrationsTenantObservations implements TenantListener {

	/** Name of the observation around one tenant's run. */
	public static final String TENANT = "migrations.tenant";

	private final ObservationRegistry registry;

	private final ThreadLocal<@Nullable Running> running = new ThreadLocal<>();

	public MigrationsTenantObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void tenantStarted(String tenant) {
		Observation observation = Observation.createNotStarted(TENANT, this.registry)
			.contextualName("migrations tenant " + tenant)
			.highCardinalityKeyValue("tenant", tenant)
			.start();
		this.running.set(new Running(observation, observation.openScope()));
	}

	@Override
	public void tenantFinished(TenantResult result) {
		Running current = this.running.get();
		this.running.remove();
		if (current == null) {
			return;
		}
		current.scope().close();
		current.observation().lowCardinalityKeyValue("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
		if (result.failure() != null) {
			current.observation().error(result.failure());
		}
		current.observation().stop();
	}

	private record Running(Observation observation, Observation.Scope scope) {
	}

}
