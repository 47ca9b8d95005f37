package io.github.migrations;

import java.util.Locale;

/**
 * Code run around a migrate run and around each migration it applies, with the run's connection:
 * the everyday use is granting privileges after migrate. Beans of this type are picked up by the
 * Spring Boot auto-configuration in their {@code @Order}; without Spring Boot, pass them to
 * {@link MigratorConfig.Builder#callbacks}. SQL files in the locations named after an event
 * ({@code afterMigrate.sql}, {@code afterMigrate__grants.sql}) do the same in SQL, as Flyway's do,
 * and run before the beans of the same event.
 * <p>
 * An exception fails the run (for {@link Event#AFTER_MIGRATE_ERROR} it is added to the failure
 * instead).
 */
@FunctionalInterface
public interface MigrationCallback {

	/**
	 * Whether this callback wants the event; all of them unless overridden.
	 */
	default boolean supports(Event event) {
		return true;
	}

	/**
	 * Handles an event. {@link Event#BEFORE_EACH_MIGRATE} and {@link Event#AFTER_EACH_MIGRATE} run
	 * on the migration's connection, inside its transaction when it has one (what they do commits
	 * or rolls back with it); the others on a connection of their own, in a transaction committed
	 * when the callback returns.
	 * @param event what happened
	 * @param context the connection and what the run is doing
	 * @throws Exception to fail the run
	 */
	void handle(Event event, MigrationCallbackContext context) throws Exception;

	/**
	 * When a callback runs. The SQL file of an event is named after {@link #fileName()}, Flyway's
	 * name for it.
	 */
	enum Event {

		/** Before a migrate run does anything, on every migrate, also when nothing is pending. */
		BEFORE_MIGRATE,
		/** Before each migration, in its transaction. */
		BEFORE_EACH_MIGRATE,
		/** After each migration succeeded, in its transaction (before the commit). */
		AFTER_EACH_MIGRATE,
		/** After a migrate run that applied at least one migration, before {@link #AFTER_MIGRATE}. */
		AFTER_MIGRATE_APPLIED,
		/** After every successful migrate run, also when nothing was pending. */
		AFTER_MIGRATE,
		/** After a migrate run failed; the failure is then rethrown. */
		AFTER_MIGRATE_ERROR;

		/**
		 * Flyway's name of the event, and of its SQL file without {@code .sql}: {@code beforeMigrate},
		 * {@code afterEachMigrate}.
		 */
		public String fileName() {
			StringBuilder name = new StringBuilder();
			for (String word : name().toLowerCase(Locale.ROOT).split("_")) {
				name.append(name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
			}
			return name.toString();
		}

	}

}
