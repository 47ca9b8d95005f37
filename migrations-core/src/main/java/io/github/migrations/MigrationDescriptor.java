package io.github.migrations;

import org.jspecify.annotations.Nullable;

/**
 * Identifies a migration in events.
 *
 * @param version its version, or {@code null} for a repeatable migration ({@link MigrationKind#REPEATABLE}),
 * which has none: its name identifies it
 * @param name its name
 * @param kind SQL file, Java class, baseline file or repeatable file
 * @param script where it came from (file location or class name)
 */
public record MigrationDescriptor(@Nullable MigrationVersion version, String name, MigrationKind kind,
		String script) {

	/**
	 * How log lines and messages name it: its version and name ({@code 20240115120000 add_users}),
	 * or {@code repeatable <name>} for a repeatable migration.
	 */
	public String label() {
		return (this.version != null) ? this.version + " " + this.name : "repeatable " + this.name;
	}

}
