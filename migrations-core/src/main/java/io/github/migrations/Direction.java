package io.github.migrations;

/**
 * Which way a migration runs.
 */
public enum Direction {

	/** Applying the change. */
	UP,
	/** Reverting it (rollback). */
	DOWN

}
