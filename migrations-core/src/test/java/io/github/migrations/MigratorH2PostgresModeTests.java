package io.github.migrations;

/**
 * The engine on H2 in PostgreSQL compatibility mode (as Spring Boot users often run tests).
 */
class MigratorH2PostgresModeTests extends AbstractMigratorH2Tests {

	@Override
	String urlOptions() {
		return ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
	}

}
