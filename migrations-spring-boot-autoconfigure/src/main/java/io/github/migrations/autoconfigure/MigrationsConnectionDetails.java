package io.github.migrations.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * Where the migrations connect, when not through the application's own DataSource: from
 * {@code migrations.url}/{@code user}/{@code password}, from Boot's {@code JdbcConnectionDetails}
 * (a Testcontainers {@code @ServiceConnection}, Docker Compose) when {@code migrations.user}
 * logs in to the application's database as another user, or from a bean of the application's.
 */
public interface MigrationsConnectionDetails extends ConnectionDetails {

	/**
	 * JDBC URL of the database to migrate.
	 */
	String getJdbcUrl();

	/**
	 * Login user, or {@code null} for the driver's default.
	 */
	@Nullable String getUsername();

	/**
	 * Login password, or {@code null} for none.
	 */
	@Nullable String getPassword();

	/**
	 * The JDBC driver's class name; by default, the one of the URL's database.
	 */
	default @Nullable String getDriverClassName() {
		return DatabaseDriver.fromJdbcUrl(getJdbcUrl()).getDriverClassName();
	}

}
