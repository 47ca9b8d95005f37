package io.github.migrations.preflight;

import java.sql.SQLException;
import java.util.List;

/**
 * Looks at the database before a migrate run applies anything, and says whether the run may go
 * ahead. Built-in checks cover sessions in the way, table sizes, load and a maintenance window;
 * an application adds its own by implementing this interface (with Spring Boot: as a bean).
 * <p>
 * A check runs only when migrations are pending, before the migration lock is taken, in a
 * transaction of its own that is rolled back afterwards (so it can change nothing) and, on
 * PostgreSQL, with the statement and lock timeout {@code migrations.preflight.timeout}. A check
 * that throws yields a {@link PreflightStatus#WARNING} saying so: its condition is unknown, not
 * passed.
 */
public interface PreflightCheck {

	/**
	 * A stable id naming the check in results, logs, the {@code check} tag of the
	 * {@code migrations.preflight} metric and {@code migrations.preflight.skip-checks}: lower-case
	 * words joined by dashes ({@code replica-lag}).
	 */
	String id();

	/**
	 * Inspects the database.
	 * @param context the connection, the pending migrations and the tables they touch
	 * @return one finding or more; a single {@link PreflightStatus#PASSED} one when all is well
	 * @throws SQLException when the database cannot be asked
	 */
	List<PreflightResult> check(PreflightContext context) throws SQLException;

}
