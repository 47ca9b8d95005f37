package io.github.migrations.autoconfigure;

import io.github.migrations.MigratorConfig;

/**
 * Callback to adjust the {@link MigratorConfig.Builder} after the {@code migrations.*} properties
 * have been applied. Customizer beans run in {@link org.springframework.core.annotation.Order
 * order}, so the last one wins.
 */
@FunctionalInterface
public interface MigratorConfigCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already filled from the properties
	 */
	void customize(MigratorConfig.Builder builder);

}
