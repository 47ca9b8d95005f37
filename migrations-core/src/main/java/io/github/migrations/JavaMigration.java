package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A migration written in Java, for what SQL cannot say well (moving data in batches, calling an
 * API, computing values). Spring beans of this type are picked up by the starter.
 * <p>
 * {@link BaseJavaMigration} derives the version and name from the class name.
 */
public interface JavaMigration {

	/**
	 * The version, ordered with the SQL migrations.
	 */
	MigrationVersion getVersion();

	/**
	 * A short name, as in a file name ({@code move_addresses}).
	 */
	String getName();

	/**
	 * Applies the change.
	 * @param context the connection and helpers to use (inside the migration's transaction when
	 * {@link #isTransactional()})
	 * @throws Exception on failure; the migration's transaction is rolled back
	 */
	void up(MigrationContext context) throws Exception;

	/**
	 * Reverts {@link #up}. Only called when {@link #isReversible()}.
	 * @param context the connection and helpers to use
	 * @throws Exception on failure
	 */
	default void down(MigrationContext context) throws Exception {
		throw new UnsupportedOperationException(getClass().getName() + " is not reversible");
	}

	/**
	 * Whether {@link #down} is implemented. A migration that is not reversible stops a rollback
	 * that would cross it before anything is changed.
	 */
	default boolean isReversible() {
		return false;
	}

	/**
	 * Whether {@code up} and {@code down} run inside a transaction together with the history
	 * row. Return {@code false} for work that cannot run in a transaction (it then runs in
	 * autocommit and must be safe to re-run).
	 */
	default boolean isTransactional() {
		return true;
	}

	/**
	 * A checksum recorded in the history and validated like a file's, or {@code null} for none.
	 * Change it when the migration's behaviour changes in a way that matters.
	 */
	default @Nullable String getChecksum() {
		return null;
	}

}
