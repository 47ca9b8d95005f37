package io.github.migrations;

/**
 * Hears the runs of {@link Tenants}: one tenant's run as it starts and ends (on the thread that
 * runs it, so a tracing scope opened in {@link #tenantStarted} holds the tenant's
 * {@link MigrationListener} events), and the summary of a run of all. Tenants found up to date by
 * the history digests have no run, and are only counted in the summary. Every method has a
 * default that does nothing; a listener must not throw.
 */
public interface TenantListener {

	/**
	 * A tenant's run starts, on the thread that runs it.
	 */
	default void tenantStarted(String tenant) {
	}

	/**
	 * A tenant's run ended, on the thread that ran it.
	 */
	default void tenantFinished(TenantResult result) {
	}

	/**
	 * A run of every tenant ended.
	 */
	default void tenantsFinished(TenantRunSummary summary) {
	}

}
