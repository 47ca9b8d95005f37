package io.github.migrations.dialect;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

import io.github.migrations.MigrationException;
import io.github.migrations.dialect.h2.H2Dialect;
import io.github.migrations.dialect.mariadb.MariaDbDialect;
import io.github.migrations.dialect.postgres.PostgresDialect;

/**
 * Picks the {@link Dialect} for a connection.
 */
public final class Dialects {

	private Dialects() {
	}

	/**
	 * The dialect for the database behind the connection.
	 * @throws MigrationException when the database is not supported
	 */
	public static Dialect detect(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		String product = metaData.getDatabaseProductName();
		String lower = product.toLowerCase(Locale.ROOT);
		if (lower.contains("postgresql")) {
			return new PostgresDialect();
		}
		if (lower.equals("h2")) {
			return new H2Dialect();
		}
		if (MariaDbDialect.handles(product)) {
			return MariaDbDialect.detect(connection);
		}
		throw new MigrationException("Database " + product + " " + metaData.getDatabaseProductVersion()
				+ " is not supported", "Use PostgreSQL, MariaDB, MySQL or H2.");
	}

}
