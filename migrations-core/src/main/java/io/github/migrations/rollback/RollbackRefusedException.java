package io.github.migrations.rollback;

import java.util.Map;

import io.github.migrations.MigrationException;

/**
 * A rollback was refused before anything changed: an irreversible migration is in the way, the
 * version was never applied, more steps were asked for than exist, or the database is dirty.
 */
public class RollbackRefusedException extends MigrationException {

	public RollbackRefusedException(String summary, Map<String, ?> context, String action) {
		super(summary, context, action, null);
	}

}
