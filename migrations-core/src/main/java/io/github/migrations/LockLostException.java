package io.github.migrations;

/**
 * This runner lost the migration lock (its lease expired and another runner took over, or the
 * lock row was changed by hand). Nothing more was committed after the loss was detected.
 */
public class LockLostException extends MigrationException {

	public LockLostException(String lockTable, long fence, String detail) {
		super("Lost the migration lock: " + detail, context("lock table", lockTable, "our fence", fence),
				"The run stopped without committing further migrations. Check why this runner was paused or cut off "
						+ "for longer than migrations.lock.lease; the next run continues where this one stopped.",
				null);
	}

}
