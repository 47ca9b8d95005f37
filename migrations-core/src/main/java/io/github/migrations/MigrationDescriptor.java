package io.github.migrations;

/**
 * Identifies a migration in events.
 *
 * @param version its version
 * @param name its name
 * @param kind SQL file or Java class
 * @param script where it came from (file location or class name)
 */
public record MigrationDescriptor(MigrationVersion version, String name, MigrationKind kind, String script) {
}
