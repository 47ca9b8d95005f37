package io.github.migrations;

/**
 * How a migration is written.
 */
public enum MigrationKind {

	/** A {@code .sql} file with Up and Down sections. */
	SQL,
	/** A {@link JavaMigration}. */
	JAVA,
	/**
	 * A baseline: every version at or below it counts as applied without running. Either a marker
	 * row that {@code baseline} (or an imported Flyway {@code BASELINE} row) records, with no
	 * checksum, or a Flyway {@code B<version>__} file that ran on an empty database in place of the
	 * versions it covers, with its checksum.
	 */
	BASELINE,
	/**
	 * A repeatable SQL file ({@code R__<name>.sql}): no version, runs after the versioned ones and
	 * again whenever its checksum changes.
	 */
	REPEATABLE

}
