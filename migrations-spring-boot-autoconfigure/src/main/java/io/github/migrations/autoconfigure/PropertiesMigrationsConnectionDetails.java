package io.github.migrations.autoconfigure;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * {@link MigrationsConnectionDetails} from {@code migrations.url}, {@code user},
 * {@code password} and {@code driver-class-name}.
 */
final class PropertiesMigrationsConnectionDetails implements MigrationsConnectionDetails {

	private final MigrationsProperties properties;

	PropertiesMigrationsConnectionDetails(MigrationsProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getJdbcUrl() {
		return Objects.requireNonNull(this.properties.getUrl(), "migrations.url");
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUser();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable String getDriverClassName() {
		return StringUtils.hasText(this.properties.getDriverClassName()) ? this.properties.getDriverClassName()
				: MigrationsConnectionDetails.super.getDriverClassName();
	}

}
