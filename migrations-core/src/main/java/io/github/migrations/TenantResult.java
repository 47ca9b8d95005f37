package io.github.migrations;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a run of {@link Tenants} did for one tenant.
 *
 * @param tenant the tenant's schema
 * @param outcome what happened
 * @param applied how many migrations it applied (a failed run: those that committed before the
 * failure)
 * @param duration how long its run took (zero when the history digests found it up to date, or it was
 * skipped)
 * @param failure what failed its run, or {@code null}
 */
public record TenantResult(String tenant, Outcome outcome, int applied, Duration duration,
		@Nullable Throwable failure) {

	/**
	 * What happened to a tenant in a run.
	 */
	public enum Outcome {

		/** Its run applied at least one migration. */
		APPLIED,

		/** Nothing was pending (found by the history digests, or by its own run). */
		UP_TO_DATE,

		/** Its run failed; the others went on (unless fail-fast). */
		FAILED,

		/** Not run: fail-fast stopped the run after another tenant failed. */
		SKIPPED

	}

}
