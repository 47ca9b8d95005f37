package io.github.migrations.dialect.h2;

/**
 * The dialect contract on H2 in PostgreSQL compatibility mode, as applications that test against
 * H2 but run PostgreSQL configure it (unquoted names fold to lower case).
 */
class DialectH2PostgresModeTests extends DialectH2Tests {

	@Override
	String urlOptions() {
		return ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
	}

	@Override
	protected String folded(String name) {
		return name;
	}

}
