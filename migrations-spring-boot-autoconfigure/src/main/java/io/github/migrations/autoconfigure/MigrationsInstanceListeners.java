package io.github.migrations.autoconfigure;

import java.util.function.Supplier;

import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;

/**
 * Makes a {@link MigrationListener} of its own for each named instance
 * ({@code migrations.instances.<name>}), for listeners that must tell instances apart (the meters
 * carry the instance's name as a tag). A listener bean is shared by every instance; a bean of this
 * type is asked once per named instance instead.
 */
@FunctionalInterface
public interface MigrationsInstanceListeners {

	/**
	 * The listener for one instance.
	 * @param instance the instance's name
	 * @param migrator the instance's {@link Migrator}, once built (the listener is made before it)
	 * @return the listener
	 */
	MigrationListener listenerFor(String instance, Supplier<Migrator> migrator);

}
