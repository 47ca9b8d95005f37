package io.github.migrations.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.util.StringUtils;

/**
 * {@link MigrationsConnectionDetails} on the application's database as Boot's
 * {@link JdbcConnectionDetails} describe it (properties, a Testcontainers
 * {@code @ServiceConnection}, Docker Compose), logged in as {@code migrations.user}.
 */
final class JdbcMigrationsConnectionDetails implements MigrationsConnectionDetails {

	private final JdbcConnectionDetails application;

	private final MigrationsProperties properties;

	JdbcMigrationsConnectionDetails(JdbcConnectionDetails application, MigrationsProperties properties) {
		this.application = application;
		this.properties = properties;
	}

	@Override
	public String getJdbcUrl() {
		return this.application.getJdbcUrl();
	}

	@Override
	public @Nullable String getUsername() {
		return StringUtils.hasText(this.properties.getUser()) ? this.properties.getUser()
				: this.application.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return StringUtils.hasText(this.properties.getUser()) ? this.properties.getPassword()
				: this.application.getPassword();
	}

	@Override
	public @Nullable String getDriverClassName() {
		return StringUtils.hasText(this.properties.getDriverClassName()) ? this.properties.getDriverClassName()
				: this.application.getDriverClassName();
	}

}
