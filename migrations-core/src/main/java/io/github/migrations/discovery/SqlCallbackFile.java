package io.github.migrations.discovery;

import io.github.migrations.MigrationCallback;

/**
 * A SQL callback found in a location: {@code afterMigrate.sql}, {@code beforeEachMigrate__audit.sql}.
 *
 * @param event when it runs
 * @param location where it is, for messages
 * @param content its text as written (placeholders are replaced when it runs)
 */
public record SqlCallbackFile(MigrationCallback.Event event, String location, String content) {

	/**
	 * The file's name without directories: the order of the callbacks of one event.
	 */
	public String fileName() {
		return this.location.substring(this.location.lastIndexOf('/') + 1);
	}

}
