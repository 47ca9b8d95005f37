package io.github.migrations.actuate.endpoint;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.migrations.TenantResult;
import io.github.migrations.TenantRunSummary;
import io.github.migrations.TenantStatus;
import io.github.migrations.Tenants;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The tenants as {@code GET /actuator/migrations/tenants} shows them: counts by state, the last
 * run of every tenant, and a page of tenants in name order ({@code ?state=&limit=&after=}).
 * Where the database allows, the states of all tenants come from one query per 200 tenants
 * ({@link Tenants#status()}): a thousand tenants are five statements, whatever the page.
 */
public final class TenantsView {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	private TenantsView() {
	}

	static TenantsDescriptor list(Tenants tenants, @Nullable String state, @Nullable String limit,
			@Nullable String after) {
		TenantStatus.State wanted = parseState(state);
		int size = size(limit);
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidEndpointRequestException("'limit' must be between 1 and " + MAX_LIMIT + ", was " + size
					+ ": ask for ?limit=100, then ?after=<the page's next>", "Invalid limit");
		}
		List<TenantStatus> all = tenants.status()
			.stream()
			.sorted(Comparator.comparing(TenantStatus::tenant))
			.toList();
		Map<TenantStatus.State, Long> counts = new EnumMap<>(TenantStatus.State.class);
		for (TenantStatus.State each : TenantStatus.State.values()) {
			counts.put(each, 0L);
		}
		all.forEach((status) -> counts.merge(status.state(), 1L, Long::sum));
		List<TenantStatus> matching = all.stream()
			.filter((status) -> wanted == null || status.state() == wanted)
			.filter((status) -> after == null || status.tenant().compareTo(after) > 0)
			.toList();
		List<TenantStatus> page = matching.subList(0, Math.min(size, matching.size()));
		String next = (matching.size() > page.size()) ? page.get(page.size() - 1).tenant() : null;
		return new TenantsDescriptor(all.size(), counts, TenantRunDescriptor.of(tenants.lastRun()), page.size(),
				next, page);
	}

	private static int size(@Nullable String limit) {
		if (limit == null || limit.isBlank()) {
			return DEFAULT_LIMIT;
		}
		try {
			return Integer.parseInt(limit.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointRequestException("'limit' must be a number of tenants, was '" + limit
					+ "': ask for ?limit=100, then ?after=<the page's next>", "Invalid limit");
		}
	}

	private static TenantStatus.@Nullable State parseState(@Nullable String state) {
		if (state == null || state.isBlank()) {
			return null;
		}
		try {
			return TenantStatus.State.valueOf(state.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("Unknown tenant state '" + state + "': ask for one of "
					+ List.of(TenantStatus.State.values()), "Invalid state");
		}
	}

	/**
	 * The response of {@code GET /actuator/migrations/tenants}.
	 *
	 * @param total how many tenants there are
	 * @param counts how many are in each state (every state listed)
	 * @param lastRun this instance's last run of every tenant, or {@code null}
	 * @param count how many tenants this page lists
	 * @param next the {@code after} of the next page, {@code null} on the last
	 * @param tenants the page, in name order
	 */
	public record TenantsDescriptor(int total, Map<TenantStatus.State, Long> counts, @Nullable TenantRunDescriptor lastRun,
			int count, @Nullable String next, List<TenantStatus> tenants) {
	}

	/**
	 * A run of every tenant.
	 *
	 * @param startedAt when it started
	 * @param durationMs how long it took
	 * @param tenants how many tenants it covered
	 * @param applied how many applied migrations
	 * @param upToDate how many had nothing pending
	 * @param checkedAtOnce how many of those the history digests found
	 * @param failed how many failed
	 * @param skipped how many fail-fast skipped
	 * @param migrations how many migrations were applied over all tenants
	 * @param parallelism how many tenants ran at once, at most
	 */
	public record TenantRunDescriptor(String startedAt, long durationMs, int tenants, int applied, int upToDate,
			int checkedAtOnce, int failed, int skipped, int migrations, int parallelism) {

		static @Nullable TenantRunDescriptor of(@Nullable TenantRunSummary summary) {
			if (summary == null) {
				return null;
			}
			return new TenantRunDescriptor(summary.startedAt().toString(), summary.duration().toMillis(),
					summary.results().size(), summary.count(TenantResult.Outcome.APPLIED),
					summary.count(TenantResult.Outcome.UP_TO_DATE), summary.checkedAtOnce(),
					summary.count(TenantResult.Outcome.FAILED), summary.count(TenantResult.Outcome.SKIPPED),
					summary.migrationsApplied(), summary.parallelism());
		}

	}

	/**
	 * A tenant's last result in this instance.
	 *
	 * @param outcome what happened
	 * @param applied how many migrations it applied
	 * @param durationMs how long its run took
	 * @param error the failure's message, or {@code null}
	 */
	public record TenantResultDescriptor(TenantResult.Outcome outcome, int applied, long durationMs, @Nullable String error) {

		static TenantResultDescriptor of(TenantResult result) {
			Throwable failure = result.failure();
			return new TenantResultDescriptor(result.outcome(), result.applied(), result.duration().toMillis(),
					(failure != null) ? failure.getMessage() : null);
		}

	}

	/**
	 * The response of {@code GET /actuator/migrations/tenants/{tenant}}: the tenant's migrations as
	 * {@code GET /actuator/migrations} shows the default schema's, and its last result here.
	 *
	 * @param tenant the tenant's schema
	 * @param lastResult its last result in this instance, or {@code null}
	 * @param migrations its migrations
	 */
	public record TenantDescriptor(String tenant, @Nullable TenantResultDescriptor lastResult,
			MigrationsEndpoint.MigrationsDescriptor migrations) {
	}

}
