package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * Where one tenant stands now, as {@link Tenants#status()} reads it (the history of every tenant
 * in one query per 200 tenants where the database allows) together with the last run's failure.
 *
 * @param tenant the tenant's schema
 * @param state its state
 * @param applied how many history rows it has
 * @param error the failure of its last run, when it failed, else {@code null}
 */
public record TenantStatus(String tenant, State state, int applied, @Nullable String error) {

	/**
	 * A tenant's state.
	 */
	public enum State {

		/** Its history holds exactly the local migrations, all successful. */
		UP_TO_DATE,

		/** It has work: pending migrations, or a history that differs from the local files (a run says what). */
		PENDING,

		/** A migration failed part-way (a dirty history row), or its last run failed. */
		FAILED,

		/** No history yet: never migrated (its schema may not exist). */
		NEW

	}

}
