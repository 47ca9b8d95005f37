package io.github.migrations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * What one run of {@link Tenants#migrate()} did, tenant by tenant, in the order of the tenants.
 *
 * @param startedAt when it started
 * @param duration how long it took
 * @param results one per tenant
 * @param checkedAtOnce how many tenants the history digests found up to date (no run of their
 * own)
 * @param parallelism how many tenants ran at once, at most
 */
public record TenantRunSummary(Instant startedAt, Duration duration, List<TenantResult> results, int checkedAtOnce,
		int parallelism) {

	public TenantRunSummary {
		results = List.copyOf(results);
	}

	/**
	 * How many tenants had this outcome.
	 */
	public int count(TenantResult.Outcome outcome) {
		return (int) this.results.stream().filter((result) -> result.outcome() == outcome).count();
	}

	/**
	 * The tenants whose run failed, with their failures.
	 */
	public List<TenantResult> failures() {
		return this.results.stream().filter((result) -> result.outcome() == TenantResult.Outcome.FAILED).toList();
	}

	/**
	 * Whether no tenant failed.
	 */
	public boolean successful() {
		return failures().isEmpty();
	}

	/**
	 * How many migrations were applied, over all tenants.
	 */
	public int migrationsApplied() {
		return this.results.stream().mapToInt(TenantResult::applied).sum();
	}

	/**
	 * The summary's log line: {@code Migrated 1000 tenants in 4.2 s (parallelism 4): 3 applied
	 * (60 migrations), 996 up to date (990 without a run of their own), 1 failed [acme: ...], 0 skipped}.
	 */
	public String describe() {
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
				"Migrated %d tenants in %.1f s (parallelism %d): %d applied (%d migrations), %d up to date "
						+ "(%d without a run of their own), %d failed",
				this.results.size(), this.duration.toMillis() / 1000.0, this.parallelism,
				count(TenantResult.Outcome.APPLIED), migrationsApplied(), count(TenantResult.Outcome.UP_TO_DATE),
				this.checkedAtOnce, count(TenantResult.Outcome.FAILED)));
		List<TenantResult> failures = failures();
		if (!failures.isEmpty()) {
			line.append(failures.stream()
				.limit(10)
				.map((failure) -> failure.tenant() + ": " + message(failure.failure()))
				.collect(Collectors.joining("; ", " [", (failures.size() > 10) ? "; ...]" : "]")));
		}
		return line.append(", ").append(count(TenantResult.Outcome.SKIPPED)).append(" skipped").toString();
	}

	static String message(@Nullable Throwable failure) {
		return (failure != null && failure.getMessage() != null) ? failure.getMessage().lines().findFirst().orElse("")
				: String.valueOf(failure);
	}

}
