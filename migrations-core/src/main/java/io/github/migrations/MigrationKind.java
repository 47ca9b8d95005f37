package io.github.migrations;

/**
 * How a migration is written.
 */
public enum MigrationKind {

	/** A {@code .sql} file with Up and Down sections. */
	SQL,
	/** A {@link JavaMigration}. */
	JAVA

}
